using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Telemetry;
using Market.Application.Notifications;
using Market.Application.Sources.Models;
using Market.Domain.Catalog;
using Market.Domain.Common;
using Market.Domain.Notifications;
using Market.Domain.Packages.Manifests;
using Market.Domain.Sources;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Market.Application.Common.Options;
using Market.Application.Common.Json;
using Market.Application.Common.Events;

namespace Market.Application.Catalog.Commands.SyncMarketSource;

/// <summary>
/// v2 catalog (404: v1 hash → info) → details in batches of 10 (ADR 0013). An unchanged hash ends the cycle with no writes; apps whose
/// summary changed are refetched; apps gone upstream or labelled suspend/remove are delisted (kept for
/// installed users); apps the cluster's Olares version cannot run are held back with the versions they need;
/// only one replica syncs a source at a time (hot-state lock).
/// </summary>
public sealed partial class SyncMarketSourceCommandHandler(
    IMarketDbContext db,
    ICatalogRowWriter rowWriter,
    IRemoteMarketClient remote,
    ISystemStatusProvider system,
    IHotStateStore hotState,
    IMarketEventBus events,
    TimeProvider clock,
    MarketTelemetry telemetry,
    IOptions<SourcesOptions> sources,
    ILogger<SyncMarketSourceCommandHandler> logger) : ICommandHandler<SyncMarketSourceCommand, SourceSyncResult>
{
    public const int BatchSize = 10;

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
            var kind = ex is RemoteMarketException remoteError ? remoteError.Kind
                : ex is JsonException ? SourceHealth.Invalid
                : SourceHealth.Unreachable;
            LogSyncFailed(logger, source.Id, error);
            var failed = new SourceSyncResult(source.Id, SourceSyncOutcome.Failed, 0, Error: error, ErrorKind: kind);
            await RecordFailureAsync(source.Id, failed, started);
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

        // The protocol is chosen per source and per cycle: a 404 on the v2 catalog means the source speaks v1.
        var catalogV2 = await remote.GetCatalogV2Async(baseUrl, source.Id, olaresVersion, ct);
        var remoteHash = catalogV2 is not null ? RemoteCatalogV2.MarkOf(catalogV2) : (await remote.GetHashAsync(baseUrl, olaresVersion, ct)).Hash;
        var fullRefetchDue = snapshot is null || snapshot.NeedsFullRefetch(now);
        if (snapshot is { Hash.Length: > 0 } && snapshot.Hash == remoteHash && !fullRefetchDue)
        {
            if (snapshot.RecordRecovery(now))
            {
                await db.SaveChangesAsync(ct);
            }

            return new SourceSyncResult(source.Id, SourceSyncOutcome.Unchanged, snapshot.AppCount);
        }

        var index = catalogV2 is not null
            ? await RemoteCatalogV2.ReadAsync(remote, baseUrl, catalogV2, olaresVersion, ct)
            : RemoteCatalogInfo.Index(await remote.GetInfoAsync(baseUrl, olaresVersion, ct));
        var summaries = index.Summaries;

        var rows = await db.CatalogApps.Where(a => a.SourceId == source.Id && a.Owner == string.Empty).ToListAsync(ct);
        var byId = rows.ToDictionary(r => r.AppId, StringComparer.Ordinal);
        var toFetch = summaries
            .Where(s => !byId.TryGetValue(s.Key, out var row) || row.IsDelisted || row.SummaryHash != s.Value.Hash)
            .Select(s => s.Key)
            .ToList();

        // The hash moved but no summary did (a label or price change a v1 summary does not show), or the
        // daily refetch is due: every detail is fetched again.
        if (fullRefetchDue || (toFetch.Count == 0 && index.RefetchAllWhenNoSummaryMoved))
        {
            toFetch = [.. summaries.Keys];
        }

        toFetch.Sort(StringComparer.Ordinal);
        // Each batch is normalized as it arrives, on the pool, while the next ones are still on the wire.
        var details = await FetchDetailsAsync(baseUrl, toFetch, olaresVersion, (appId, raw) => Prepare(appId, raw, index, olaresVersion), ct);

        var changed = false;
        var heldBack = new List<HeldBackAppDto>();
        var newRows = new List<CatalogApp>();
        foreach (var appId in toFetch)
        {
            if (!details.Apps.TryGetValue(appId, out var app))
            {
                continue;
            }

            if (app.HeldBack is not null)
            {
                heldBack.Add(app.HeldBack);
            }

            if (app.Listing is null)
            {
                changed |= byId.TryGetValue(appId, out var unusable) && unusable.Delist(now, summaries[appId].Hash);
                continue;
            }

            if (!byId.TryGetValue(appId, out var row))
            {
                row = new CatalogApp(source.Id, string.Empty, appId, app.Name);
                newRows.Add(row);
                byId[appId] = row;
            }

            changed |= row.ApplyListing(app.Listing, summaries[appId].Hash, now);
        }

        // Listed upstream but without details for this Olares version: hidden until it comes back.
        foreach (var appId in details.NotFound)
        {
            heldBack.Add(new HeldBackAppDto(appId, summaries.GetValueOrDefault(appId)?.Name ?? string.Empty, HeldBackReasons.NotForThisOlaresVersion));
            changed |= byId.TryGetValue(appId, out var row) && row.Delist(now, summaries.GetValueOrDefault(appId)?.Hash ?? string.Empty);
        }

        foreach (var row in rows.Where(r => !summaries.ContainsKey(r.AppId)))
        {
            changed |= row.Delist(now);
        }

        // Apps whose batch failed keep what the last cycle knew of them.
        var unknown = details.FailedIds.ToHashSet(StringComparer.Ordinal);
        heldBack.AddRange(HeldBackAppDto.Read(snapshot?.HeldBackJson).Where(h => unknown.Contains(h.AppId) && summaries.ContainsKey(h.AppId)));

        var others = Encoding.UTF8.GetString(index.Others);
        var labels = index.Labels;
        if (snapshot is null)
        {
            snapshot = new SourceSnapshot(source.Id);
            db.SourceSnapshots.Add(snapshot);
            changed = true;
        }
        else if (!JsonDocuments.Same(snapshot.OthersJson, others))
        {
            changed = true;
        }

        var error = details.Failures.Count == 0 ? null : details.Failures[0];
        var listed = byId.Values.Count(r => !r.IsDelisted);
        snapshot.RecordSync(
            new CatalogSync(
                index.Hash,
                index.Version,
                index.LastUpdated,
                others,
                HeldBackAppDto.Write(heldBack),
                labels,
                listed,
                FetchedEverything: toFetch.Count == summaries.Count,
                error),
            now);
        await rowWriter.SaveAsync(newRows, ct);

        if (changed)
        {
            await events.PublishAsync(CatalogEvents.CatalogSynced(source.Id, listed), ct);
        }

        LogSynced(logger, source.Id, index.Protocol, toFetch.Count, listed, changed);
        var outcome = error is not null ? SourceSyncOutcome.Partial : changed ? SourceSyncOutcome.Updated : SourceSyncOutcome.NoChanges;
        return new SourceSyncResult(source.Id, outcome, listed, changed, error);
    }

    /// <summary>
    /// What one detail entry becomes (pure, so batches run it in parallel): the row's listing, or why the app is held back
    /// (or both: an app for another Olares version, or withdrawn upstream, is stored but not listed).
    /// </summary>
    private static PreparedApp Prepare(string appId, JsonObject raw, RemoteCatalogIndex index, string olaresVersion)
    {
        var name = JsonRead.FirstStr(raw, "name") is { Length: > 0 } rawName ? rawName : index.Summaries[appId].Name;
        RemoteCatalogV2.Complete(raw, index.Listed.GetValueOrDefault(appId));
        var normalized = RemoteEntryNormalizer.Normalize(appId, raw);
        var refusal = normalized is null ? HeldBackReasons.NoVersion
            : SemanticVersion.ParseOrNull(normalized.Version) is null ? HeldBackReasons.NotRenderable
            : null;
        if (normalized is null || refusal is not null)
        {
            return new PreparedApp(name, null, new HeldBackAppDto(appId, name, refusal!));
        }

        // Scoped to the cluster's Olares version: an app it cannot run is stored (so that its install is
        // refused with the reason, not a 404) but not listed, and the health says why.
        var requirement = OlaresRequirement.Of(normalized.Entry);
        var wrongVersion = requirement is not null && !requirement.IsSatisfiedBy(olaresVersion);
        var listing = normalized.ToListing();
        if (wrongVersion)
        {
            return new PreparedApp(normalized.Name, listing with { Withdrawn = true }, new HeldBackAppDto(appId, normalized.Name, HeldBackReasons.NotForThisOlaresVersion, requirement!.Constraint));
        }

        var withdrawn = normalized.IsWithdrawn
            ? new HeldBackAppDto(appId, normalized.Name, JsonRead.HasLabel(normalized.Labels, "suspend") ? HeldBackReasons.Suspended : HeldBackReasons.Removed)
            : null;
        return new PreparedApp(normalized.Name, listing, withdrawn);
    }

    private async Task<FetchedDetails> FetchDetailsAsync(
        Uri baseUrl, IReadOnlyList<string> ids, string olaresVersion, Func<string, JsonObject, PreparedApp> prepare, CancellationToken ct)
    {
        var fetched = new FetchedDetails();
        var gate = new Lock();
        var batches = ids.Chunk(BatchSize).ToList();
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = sources.Value.DetailConcurrency, CancellationToken = ct }, async (batch, token) =>
        {
            RemoteCatalogDetails details;
            try
            {
                details = await remote.GetDetailsAsync(baseUrl, batch, olaresVersion, token);
            }
            catch (Exception ex) when (ex is RemoteMarketException or HttpRequestException or JsonException)
            {
                lock (gate)
                {
                    fetched.Failures.Add($"details of {string.Join(',', batch)}: {ex.Message}");
                    fetched.FailedIds.AddRange(batch);
                }

                return;
            }

            var prepared = batch.Where(details.Apps.ContainsKey).Select(id => (Id: id, App: prepare(id, details.Apps[id]))).ToList();
            lock (gate)
            {
                foreach (var (id, app) in prepared)
                {
                    fetched.Apps[id] = app;
                }

                fetched.NotFound.AddRange(batch.Where(id => !details.Apps.ContainsKey(id)));
            }
        });

        return fetched;
    }

    /// <summary>
    /// The stored snapshot (when there is one) notes the failure; its catalog stays as it was. Every step that
    /// can fail (hash, info, details) runs before the cycle stages any change, so only the health is saved here.
    /// </summary>
    private async Task RecordFailureAsync(string sourceId, SourceSyncResult failed, DateTime now)
    {
        var snapshot = await db.SourceSnapshots.FirstOrDefaultAsync(s => s.SourceId == sourceId, CancellationToken.None);
        if (snapshot is not null)
        {
            if (snapshot.RecordFailure(failed.ErrorKind!, failed.Error!, now))
            {
                // Announced with the health change itself, once per transition (the error text stays out: it may quote a URL).
                var data = new Dictionary<string, object?> { ["source"] = sourceId, ["health"] = failed.ErrorKind };
                await NotificationOutbox.EnqueueForEveryoneAsync(db, NotificationEvents.SourceUnhealthy, data, now, CancellationToken.None);
            }

            await db.SaveChangesAsync(CancellationToken.None);
        }
    }

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
            LastErrorKind = succeeded ? null : result.Outcome == SourceSyncOutcome.Partial ? SourceHealth.PartialError : result.ErrorKind,
            LastOutcome = SourceSyncOutcomes.Wire(result.Outcome),
        };
        telemetry.SyncEnded(source.Id, status.LastOutcome, TimeSpan.FromMilliseconds(status.LastDurationMs), status.AppCount);
        await hotState.SetAsync(key, JsonSerializer.Serialize(status), cancellationToken: ct);
    }

    /// <param name="Listing">Null when the entry cannot be stored (no version, or one that cannot be rendered).</param>
    private sealed record PreparedApp(string Name, CatalogListing? Listing, HeldBackAppDto? HeldBack);

    /// <summary>What the detail batches of one cycle brought back.</summary>
    private sealed class FetchedDetails
    {
        public Dictionary<string, PreparedApp> Apps { get; } = new(StringComparer.Ordinal);

        public List<string> NotFound { get; } = [];

        public List<string> Failures { get; } = [];

        public List<string> FailedIds { get; } = [];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sync of market source {Source} failed: {Error}")]
    private static partial void LogSyncFailed(ILogger logger, string source, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Synced market source {Source} ({Protocol}): {Fetched} apps fetched, {Listed} listed, changed: {Changed}")]
    private static partial void LogSynced(ILogger logger, string source, string protocol, int fetched, int listed, bool changed);
}
