using System.Data.Common;
using System.Text;
using Market.Application.Common.Interfaces;
using Market.Domain.Catalog;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Market.Infrastructure.Persistence;

/// <summary>
/// A first sync creates thousands of rows of ~4 KB: through the change tracker each is a tracked entity, a snapshot and a
/// command of its own (most of the sync's time, ADR 0024). Here they go out as plain <c>INSERT</c>s (one prepared row at a
/// time on SQLite, 100 rows a command on PostgreSQL) whose columns, quoting and parameters (the UTC converter, <c>jsonb</c>
/// on PostgreSQL) all come from the EF model, so both providers get what <c>SaveChanges</c> would have written. The
/// tracked changes are saved in the same transaction.
/// </summary>
internal sealed class CatalogRowWriter(MarketDbContext db) : ICatalogRowWriter
{
    /// <summary>12 columns a row: 1,200 parameters a command, far below PostgreSQL's limit.</summary>
    private const int PostgresRowsPerCommand = 100;

    public async Task SaveAsync(IReadOnlyList<CatalogApp> newRows, CancellationToken cancellationToken)
    {
        if (newRows.Count == 0)
        {
            await db.SaveChangesAsync(cancellationToken);
            return;
        }

        if (db.Database.CurrentTransaction is not null)
        {
            await InsertAsync(newRows, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return;
        }

        // The strategy (PostgreSQL's outage retries) may run the whole transaction again, so the tracked changes are
        // accepted only once it has committed.
        await db.Database.CreateExecutionStrategy().ExecuteAsync(
            newRows,
            async (_, rows, ct) =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                await InsertAsync(rows, ct);
                await db.SaveChangesAsync(acceptAllChangesOnSuccess: false, ct);
                await transaction.CommitAsync(ct);
                return true;
            },
            null,
            cancellationToken);
        db.ChangeTracker.AcceptAllChanges();
    }

    private async Task InsertAsync(IReadOnlyList<CatalogApp> rows, CancellationToken ct)
    {
        var entity = db.Model.FindEntityType(typeof(CatalogApp))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var columns = entity.GetProperties().Where(p => p.ValueGenerated == ValueGenerated.Never).ToList();

        // SQLite is in process (no round trips to save) and binds parameters by a linear search of their names, so it
        // gets one prepared single-row command run again per row; PostgreSQL gets multi-row commands.
        var perCommand = db.IsPostgres ? PostgresRowsPerCommand : 1;
        DbCommand? command = null;
        try
        {
            foreach (var chunk in rows.Chunk(perCommand))
            {
                if (command is null || command.Parameters.Count != chunk.Length * columns.Count)
                {
                    if (command is not null)
                    {
                        await command.DisposeAsync();
                    }

                    command = CreateInsert(table, columns, chunk.Length);
                }

                for (var r = 0; r < chunk.Length; r++)
                {
                    for (var c = 0; c < columns.Count; c++)
                    {
                        var mapping = columns[c].GetRelationalTypeMapping();
                        var value = columns[c].PropertyInfo!.GetValue(chunk[r]);
                        command.Parameters[(r * columns.Count) + c].Value =
                            (mapping.Converter is { } converter ? converter.ConvertToProvider(value) : value) ?? DBNull.Value;
                    }
                }

                await command.ExecuteNonQueryAsync(ct);
            }
        }
        finally
        {
            if (command is not null)
            {
                await command.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// <c>INSERT INTO t (…) VALUES (…), …</c> for <paramref name="rowCount"/> rows, its parameters made by each property's own
    /// type mapping (store type such as <c>jsonb</c> set; values are assigned per use, converted as the mapping says).
    /// </summary>
    private DbCommand CreateInsert(StoreObjectIdentifier table, IReadOnlyList<IProperty> columns, int rowCount)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        var text = new StringBuilder("INSERT INTO ").Append(sql.DelimitIdentifier(table.Name, table.Schema))
            .Append(" (").Append(string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.GetColumnName(table)!)))).Append(") VALUES ");
        for (var r = 0; r < rowCount; r++)
        {
            text.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < columns.Count; c++)
            {
                var name = $"p{(r * columns.Count) + c}";
                text.Append(c == 0 ? string.Empty : ", ").Append(sql.GenerateParameterNamePlaceholder(name));
                command.Parameters.Add(columns[c].GetRelationalTypeMapping().CreateParameter(command, name, null, columns[c].IsNullable));
            }

            text.Append(')');
        }

        command.CommandText = text.ToString();
        return command;
    }
}
