using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Market.Domain.Sources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Market.Infrastructure.Persistence;

/// <summary>
/// Applies migrations and seeds the built-in sources before the server takes requests
/// (runs in <c>StartAsync</c>, so a broken database stops the start with a clear error).
/// </summary>
internal sealed partial class DatabaseInitializer(
    IServiceScopeFactory scopes,
    IOptions<StorageOptions> storage,
    IOptions<SourcesOptions> sources,
    IOptions<DemoOptions> demo,
    TimeProvider clock,
    ILogger<DatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        if (storage.Value.MigrateOnStart)
        {
            if (!db.IsPostgres)
            {
                var folder = Path.GetDirectoryName(Path.GetFullPath(storage.Value.SqlitePath));
                if (!string.IsNullOrEmpty(folder))
                {
                    Directory.CreateDirectory(folder);
                }
            }

            await db.Database.MigrateAsync(cancellationToken);
            LogMigrated(logger, storage.Value.Provider);
        }

        await SeedBuiltInSourcesAsync(db, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task SeedBuiltInSourcesAsync(MarketDbContext db, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var existing = await db.MarketSources.ToDictionaryAsync(s => s.Id, cancellationToken);
        var wanted = new List<(MarketSource Source, SourceLabels Labels)>
        {
            (MarketSource.BuiltInRemote(MarketSource.OfficialId, "Olares Market", sources.Value.OfficialBaseUrl, "The official Olares app market", now),
                new SourceLabels("Olares Market", "Olares", string.Empty)),
            (MarketSource.BuiltInLocal(MarketSource.UploadId, "Upload", "Chart packages uploaded by users", now),
                new SourceLabels("Uploaded apps", "Upload", string.Empty)),
            (MarketSource.BuiltInLocal(MarketSource.StudioId, "Studio", "Apps published from Studio", now),
                new SourceLabels("Studio", "Studio", string.Empty)),
            (MarketSource.BuiltInLocal(MarketSource.CliId, "CLI", "Apps uploaded with olares-cli", now),
                new SourceLabels("Olares CLI", "CLI", string.Empty)),
        };
        if (demo.Value.Enabled)
        {
            wanted.Add((MarketSource.BuiltInLocal(MarketSource.DemoId, "Demo", "Sample apps bundled with Market", now),
                new SourceLabels("Demo apps", "Demo", string.Empty)));
        }

        foreach (var (source, labels) in wanted)
        {
            if (existing.TryGetValue(source.Id, out var current))
            {
                if (source.IsRemote)
                {
                    current.Repoint(source.BaseUrl, now);
                }

                current.Relabel(labels, now);
            }
            else
            {
                source.Relabel(labels, now);
                db.MarketSources.Add(source);
            }
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another replica seeded at the same moment; its rows are as good as ours.
            db.ChangeTracker.Clear();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Database migrated ({Provider})")]
    private static partial void LogMigrated(ILogger logger, string provider);
}
