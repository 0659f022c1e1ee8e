using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Market.Domain.Sources;
using Market.Infrastructure.Hosting;
using Market.Infrastructure.Packages;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Market.Infrastructure.Persistence;

/// <summary>
/// The start-up work on the database, once the server listens (ADR 0023): applies the migrations, seeds the
/// built-in sources, loads Data Protection's key ring, imports the demo charts, then sets the one "database ready" signal
/// (<see cref="DatabaseStartup"/>) that requests and background jobs wait for. Until then <c>/healthz/live</c>
/// answers and everything that needs the database is a 503. A failure stops the host; the entry point prints it in one line.
/// </summary>
internal sealed partial class DatabaseInitializer(
    IServiceScopeFactory scopes,
    DatabaseStartup startup,
    DemoChartsImporter demoImport,
    IDataProtectionProvider dataProtection,
    IHostApplicationLifetime lifetime,
    IOptions<StorageOptions> storage,
    IOptions<SourcesOptions> sources,
    IOptions<DemoOptions> demo,
    TimeProvider clock,
    ILogger<DatabaseInitializer> logger) : BackgroundService
{
    private const string KeyRingPurpose = "Market.Startup.KeyRing";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Listening first: a busy port or a refused setting ends the start before anything is migrated, and the
        // process is live at once. Nothing queries the database before the signal below.
        if (!await lifetime.WaitForStartAsync(stoppingToken))
        {
            startup.MarkAbandoned();
            return;
        }

        try
        {
            await PrepareAsync(stoppingToken);
            LoadKeyRing();
            await demoImport.ImportAsync(stoppingToken);
            startup.MarkReady();
            LogReady(logger);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            startup.MarkAbandoned();
        }
        catch (Exception ex)
        {
            startup.MarkFailed(ex);
            lifetime.StopApplication();
        }
    }

    /// <summary>
    /// Loads (on a new database: creates) Data Protection's key ring now, as its own hosted service did before listening.
    /// Created lazily it would be written by the first seal, from inside that request's open SQLite write transaction,
    /// on another connection: a wait for the lock that request holds.
    /// </summary>
    private void LoadKeyRing() => dataProtection.CreateProtector(KeyRingPurpose).Protect([]);

    private async Task PrepareAsync(CancellationToken cancellationToken)
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
        catch (DuplicateRowException)
        {
            // Another replica seeded at the same moment; its rows are as good as ours.
            db.ChangeTracker.Clear();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Database ready: requests and background jobs start")]
    private static partial void LogReady(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Database migrated ({Provider})")]
    private static partial void LogMigrated(ILogger logger, string provider);
}
