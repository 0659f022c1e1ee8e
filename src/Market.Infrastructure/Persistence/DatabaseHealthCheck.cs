using Market.Application.Common.Interfaces;
using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Market.Infrastructure.Persistence;

/// <summary>
/// Readiness of the relational store: a real round trip (<c>SELECT 1</c>), not only an open, because a
/// pooled connection to a server that restarted opens fine and fails on first use. When the probe fails
/// the pool is cleared and probed once more on a fresh connection, so readiness turns healthy on the
/// first check after the database is back instead of after the dead connections time out.
/// Never reports exception text. Not healthy before the start-up migrations are done (ADR 0023), whatever the probe says.
/// </summary>
internal sealed class DatabaseHealthCheck(IServiceScopeFactory scopes, IDatabaseStartup startup) : IHealthCheck
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!startup.IsReady)
        {
            return HealthCheckResult.Unhealthy("database is being migrated");
        }

        await using var scope = scopes.CreateAsyncScope();
        var connection = scope.ServiceProvider.GetRequiredService<MarketDbContext>().Database.GetDbConnection();
        if (await ProbeAsync(connection, cancellationToken))
        {
            return HealthCheckResult.Healthy();
        }

        ClearPool(connection);
        return await ProbeAsync(connection, cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("database does not answer");
    }

    private static async Task<bool> ProbeAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            if (connection.State != ConnectionState.Open)
            {
                await connection.OpenAsync(timeout.Token);
            }

            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(timeout.Token);
            return true;
        }
        catch (Exception ex) when (ex is DbException or IOException or TimeoutException or InvalidOperationException
                                   || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
        finally
        {
            await connection.CloseAsync();
        }
    }

    private static void ClearPool(DbConnection connection)
    {
        switch (connection)
        {
            case NpgsqlConnection npgsql:
                NpgsqlConnection.ClearPool(npgsql);
                break;
            case SqliteConnection sqlite:
                SqliteConnection.ClearPool(sqlite);
                break;
        }
    }
}
