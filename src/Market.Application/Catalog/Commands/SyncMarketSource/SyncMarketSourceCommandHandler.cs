using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Market.Application.Catalog.Sync;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Telemetry;
using Market.Application.Sources.Models;
using Market.Domain.Catalog;
using Market.Domain.Sources;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Market.Application.Catalog.Commands.SyncMarketSource;

/// <summary>
/// hash → info → details in batches of 10. An unchanged hash ends the cycle with no writes; apps whose
/// summary changed are refetched; apps gone upstream or labelled suspend/remove are delisted (kept for
/// installed users); only one replica syncs a source at a time (hot-state lock).
/// </summary>
public sealed partial class SyncMarketSourceCommandHandler(
    IMarketDbContext db,
    IRemoteMarketClient remote,
    ISystemStatusProvider system,
    IHotStateStore hotState,
    IMarketEventBus events,
    TimeProvider clock,
    MarketTelemetry telemetry,
    ILogger<SyncMarketSourceCommandHandler> logger) : ICommandHandler<SyncMarketSourceCommand, SourceSyncResult>
{
    public const int BatchSize = 10;
    public const int ParallelBatches = 4;

    /// <summary>Upper bound of one cycle; also the lock's lease, so a crashed replica's lock frees itself.</summary>
    public static readonly TimeSpan CycleTimeout = TimeSpan.FromMinutes(10);

    public async ValueTask<SourceSyncResult> Handle(SyncMarketSourceCommand command, CancellationToken cancellationToken)
    {
        var source = await db.MarketSources.AsNoTracking().FirstOrDefaultAsync(s => s.Id == command.SourceId, cancellationToken);
        if (source is null || !source.IsRemote)
        {
            return new SourceSyncResult(command.SourceId, SourceSyncOutcome.NotRemote, 0);
        }

        var lockKey = HotStateKeys.SyncLock(source.Id);
        var lockOwner = Guid.NewGuid().ToString("N");
        if (!await hotState.TryAcquireLockAsync(lockKey, lockOwner, CycleTimeout, cancellationToken))
        {
            return new SourceSyncResult(source.Id, SourceSyncOutcome.Skipped, 0);
        }

        using var cycle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cycle.CancelAfter(CycleTimeout);
        var started = clock.GetUtcNow().UtcDateTime;
        try
        {
            var result = await SyncAsync(source, started, cycle.Token);
            await RecordHealthAsync(source, result, started, CancellationToken.None);
            return result;
        }
        catch (Exception ex) when (ex is RemoteMarketException or HttpRequestException or JsonException
                                       || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var error = ex is OperationCanceledException ? "sync cycle timed out" : ex.Message;
            LogSyncFailed(logger, source.Id, error);
            var failed = new SourceSyncResult(source.Id, SourceSyncOutcome.Failed, 0, Error: error);
            await RecordHealthAsync(source, failed, started, CancellationToken.None);
            return failed;
        }
        finally
        {
            await hotState.ReleaseLockAsync(lockKey, lockOwner, CancellationToken.None);
        }
    }

    private async Task<SourceSyncResult> SyncAsync(MarketSource source, DateTime now, CancellationToken ct)
    {
        if (!Uri.TryCreate(source.BaseUrl, UriKind.Absolute, out var baseUrl) || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps))
        {
            throw new RemoteMarketException($"base URL '{source.BaseUrl}' is not an http(s) URL");
        }

        var olaresVersion = await system.GetOlaresVersionAsync(ct);
        var snapshot = await db.SourceSnapshots.FirstOrDefaultAsync(s => s.SourceId == source.Id, ct);
        var remoteHash = await remote.GetHashAsync(baseUrl, olaresVersion, ct);
        if (snapshot is { Hash.Length: > 0 } && snapshot.Hash == remoteHash.Hash)
        {
            return new SourceSyncResult(source.Id, SourceSyncOutcome.Unchanged, snapshot.AppCount);
        }

        var info = await remote.GetInfoAsync(baseUrl, olaresVersion, ct);
        var infoHash = Views.JsonRead.Str(info, "hash");
        var infoVersion = Views.JsonRead.Str(info, "version");
        if (infoHash.Length == 0 || infoVersion.Length == 0)
        {
            throw new RemoteMarketException("catalog info has no hash or version");
        }

        var data = info["data"] as JsonObject;
        var summaries = ReadSummaries(data);

        var rows = await db.CatalogApps.Where(a => a.SourceId == source.Id && a.Owner == string.Empty).ToListAsync(ct);
        var byId = rows.ToDictionary(r => r.AppId, StringComparer.Ordinal);
        var toFetch = summaries
            .Where(s => !byId.TryGetValue(s.Key, out var row) || row.IsDelisted || row.SummaryHash != s.Value)
            .Select(s => s.Key)
            .Order(StringComparer.Ordinal)
            .ToList();

        var (fetched, notFound, failures) = await FetchDetailsAsync(baseUrl, toFetch, olaresVersion, ct);

        var changed = false;
        foreach (var (appId, raw) in fetched)
        {
            var normalized = RemoteEntryNormalizer.Normalize(appId, raw);
            if (normalized is null)
            {
                notFound.Add(appId);
                continue;
            }

            byId.TryGetValue(appId, out var row);
            changed |= Apply(source.Id, ref row, normalized, summaries[appId], now);
            byId[appId] = row;
        }

        // Listed upstream but without usable details (not for this Olares version): hidden until it comes back.
        foreach (var appId in notFound)
        {
            if (byId.TryGetValue(appId, out var row))
            {
                changed |= Delist(row, now);
                row.SummaryHash = summaries.GetValueOrDefault(appId, string.Empty);
            }
        }

        foreach (var row in rows.Where(r => !summaries.ContainsKey(r.AppId)))
        {
            changed |= Delist(row, now);
        }

        var others = Encoding.UTF8.GetString(OthersNormalizer.Normalize(data, infoHash, infoVersion));
        if (snapshot is null)
        {
            snapshot = new SourceSnapshot(source.Id);
            db.SourceSnapshots.Add(snapshot);
            changed = true;
        }
        else if (!SameJson(snapshot.OthersJson, others))
        {
            changed = true;
        }

        var complete = failures.Count == 0;
        var listed = byId.Values.Count(r => !r.IsDelisted);
        snapshot.Hash = complete ? infoHash : snapshot.Hash;
        snapshot.Version = infoVersion;
        snapshot.LastUpdated = ParseTime(Views.JsonRead.Str(info, "last_updated"));
        snapshot.OthersJson = others;
        snapshot.AppCount = listed;
        snapshot.LastSyncAt = now;
        snapshot.LastSuccessAt = complete ? now : snapshot.LastSuccessAt;
        snapshot.LastError = complete ? null : failures[0];
        snapshot.UpdatedAt = now;
        await db.SaveChangesAsync(ct);

        if (changed)
        {
            await events.PublishAsync(CatalogEvents.CatalogSynced(source.Id, listed), ct);
        }

        LogSynced(logger, source.Id, toFetch.Count, listed, changed);
        var outcome = !complete ? SourceSyncOutcome.Partial : changed ? SourceSyncOutcome.Updated : SourceSyncOutcome.NoChanges;
        return new SourceSyncResult(source.Id, outcome, listed, changed, complete ? null : failures[0]);
    }

    /// <summary>Ids of <c>data.apps</c> whose object's own id is absent or equals its key, with their summary digests.</summary>
    private static Dictionary<string, string> ReadSummaries(JsonObject? data)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        switch (data?["apps"])
        {
            case JsonObject apps:
                foreach (var (key, value) in apps)
                {
                    if (key.Length > 0 && value is JsonObject app && Views.JsonRead.Str(app, "id") is var id && (id.Length == 0 || id == key))
                    {
                        result[key] = RemoteEntryNormalizer.SummaryHash(app);
                    }
                }

                break;
            case JsonArray list:
                foreach (var app in list.OfType<JsonObject>())
                {
                    var id = Views.JsonRead.Str(app, "id");
                    if (id.Length > 0)
                    {
                        result[id] = RemoteEntryNormalizer.SummaryHash(app);
                    }
                }

                break;
        }

        return result;
    }

    private async Task<(Dictionary<string, JsonObject> Apps, List<string> NotFound, List<string> Failures)> FetchDetailsAsync(
        Uri baseUrl, IReadOnlyList<string> ids, string olaresVersion, CancellationToken ct)
    {
        var apps = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        var notFound = new List<string>();
        var failures = new List<string>();
        var gate = new Lock();
        var batches = ids.Chunk(BatchSize).ToList();
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = ParallelBatches, CancellationToken = ct }, async (batch, token) =>
        {
            try
            {
                var details = await remote.GetDetailsAsync(baseUrl, batch, olaresVersion, token);
                lock (gate)
                {
                    foreach (var id in batch)
                    {
                        if (details.Apps.TryGetValue(id, out var app))
                        {
                            apps[id] = app;
                        }
                        else
                        {
                            notFound.Add(id);
                        }
                    }
                }
            }
            catch (Exception ex) when (ex is RemoteMarketException or HttpRequestException or JsonException)
            {
                lock (gate)
                {
                    failures.Add($"details of {string.Join(',', batch)}: {ex.Message}");
                }
            }
        });

        return (apps, notFound, failures);
    }

    /// <summary>Inserts or updates one app; true when something users see changed.</summary>
    private bool Apply(string sourceId, [System.Diagnostics.CodeAnalysis.NotNull] ref CatalogApp? row, NormalizedRemoteApp app, string summaryHash, DateTime now)
    {
        var entryJson = app.Entry.ToJsonString();
        var labelsJson = JsonSerializer.Serialize(app.Labels);
        if (row is null)
        {
            row = new CatalogApp(sourceId, string.Empty, app.AppId, app.Name);
            db.CatalogApps.Add(row);
            Write(row, app, entryJson, labelsJson, now);
            row.SummaryHash = summaryHash;
            return true;
        }

        row.SummaryHash = summaryHash;
        var same = row.Name == app.Name
            && row.Version == app.Version
            && row.Type == app.Type
            && row.IsDelisted == app.IsWithdrawn
            && SameJson(row.LabelsJson, labelsJson)
            && SameJson(row.EntryJson, entryJson)
            && SameJson(row.PriceJson, app.PriceJson);
        if (same)
        {
            return false;
        }

        Write(row, app, entryJson, labelsJson, now);
        return true;
    }

    private static void Write(CatalogApp row, NormalizedRemoteApp app, string entryJson, string labelsJson, DateTime now)
    {
        row.Name = app.Name;
        row.Version = app.Version;
        row.Type = app.Type;
        row.LabelsJson = labelsJson;
        row.EntryJson = entryJson;
        row.PriceJson = app.PriceJson;
        row.IsDelisted = app.IsWithdrawn;
        row.UpdatedAt = now;
    }

    private static bool Delist(CatalogApp row, DateTime now)
    {
        if (row.IsDelisted)
        {
            return false;
        }

        row.IsDelisted = true;
        row.UpdatedAt = now;
        return true;
    }

    /// <summary>Semantic JSON equality: jsonb gives stored documents back with another key order and spacing.</summary>
    private static bool SameJson(string? a, string? b)
    {
        if (string.IsNullOrEmpty(a) || string.IsNullOrEmpty(b))
        {
            return string.IsNullOrEmpty(a) == string.IsNullOrEmpty(b);
        }

        if (a == b)
        {
            return true;
        }

        try
        {
            return JsonNode.DeepEquals(JsonNode.Parse(a), JsonNode.Parse(b));
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static DateTime? ParseTime(string text) =>
        DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var time)
            ? time.UtcDateTime
            : null;

    private async Task RecordHealthAsync(MarketSource source, SourceSyncResult result, DateTime now, CancellationToken ct)
    {
        var key = HotStateKeys.SourceSyncStatus(source.Id);
        SourceSyncStatusDto? previous = null;
        try
        {
            var stored = await hotState.GetAsync(key, ct);
            previous = stored is null ? null : JsonSerializer.Deserialize<SourceSyncStatusDto>(stored);
        }
        catch (JsonException)
        {
            // A status written by an older version; start over.
        }

        var succeeded = result.Outcome is SourceSyncOutcome.Unchanged or SourceSyncOutcome.Updated or SourceSyncOutcome.NoChanges;
        var status = new SourceSyncStatusDto
        {
            SourceId = source.Id,
            BaseUrl = source.BaseUrl,
            AppCount = result.Outcome == SourceSyncOutcome.Failed ? previous?.AppCount ?? 0 : result.AppCount,
            LastSyncAt = now,
            LastDurationMs = (long)(clock.GetUtcNow().UtcDateTime - now).TotalMilliseconds,
            LastSuccessAt = succeeded ? now : previous?.LastSuccessAt,
            LastError = succeeded ? null : result.Error,
            LastOutcome = result.Outcome switch
            {
                SourceSyncOutcome.Updated => "updated",
                SourceSyncOutcome.Unchanged => "unchanged",
                SourceSyncOutcome.NoChanges => "no_changes",
                SourceSyncOutcome.Partial => "partial",
                _ => "failed",
            },
        };
        telemetry.SyncEnded(source.Id, status.LastOutcome, TimeSpan.FromMilliseconds(status.LastDurationMs), status.AppCount);
        await hotState.SetAsync(key, JsonSerializer.Serialize(status), cancellationToken: ct);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sync of market source {Source} failed: {Error}")]
    private static partial void LogSyncFailed(ILogger logger, string source, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Synced market source {Source}: {Fetched} apps fetched, {Listed} listed, changed: {Changed}")]
    private static partial void LogSynced(ILogger logger, string source, int fetched, int listed, bool changed);
}
