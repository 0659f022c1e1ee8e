using System.Text.Json;
using Market.Application.Catalog.Commands.SyncMarketSource;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Market.Application.Sources.Models;
using Market.Domain.Sources;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Sources.Queries.GetSourceSyncStatus;

/// <summary>
/// The health of remote sources: the live status of the last cycle (hot state, so that an unchanged sync
/// writes nothing to the database) completed from the stored snapshot (which survives a flushed hot state).
/// Shared by the sources list, the runtime views and "sync now".
/// </summary>
internal static class SourceHealthReader
{
    /// <summary>A success older than this many sync intervals (and at least <see cref="MinimumFreshness"/>) is stale.</summary>
    public const int FreshIntervals = 3;

    public static readonly TimeSpan MinimumFreshness = TimeSpan.FromMinutes(15);

    /// <param name="sourceId">Only this source; null for every remote.</param>
    public static async Task<IReadOnlyList<SourceSyncStatusDto>> ReadAsync(
        IMarketDbContext db, IHotStateStore hotState, SourcesOptions options, DateTime now, string? sourceId, CancellationToken cancellationToken)
    {
        var query = db.MarketSources.AsNoTracking().Where(s => s.Type == MarketSourceType.Remote);
        var snapshotQuery = db.SourceSnapshots.AsNoTracking();
        if (sourceId is not null)
        {
            query = query.Where(s => s.Id == sourceId);
            snapshotQuery = snapshotQuery.Where(s => s.SourceId == sourceId);
        }

        var sources = await query.OrderBy(s => s.Id).ToListAsync(cancellationToken);
        var snapshots = await snapshotQuery.ToDictionaryAsync(s => s.SourceId, cancellationToken);
        var freshFor = TimeSpan.FromSeconds(options.SyncIntervalSeconds * (double)FreshIntervals);
        if (freshFor < MinimumFreshness)
        {
            freshFor = MinimumFreshness;
        }

        var result = new List<SourceSyncStatusDto>();
        foreach (var source in sources)
        {
            snapshots.TryGetValue(source.Id, out var snapshot);
            var live = await ReadLiveAsync(hotState, source.Id, cancellationToken);
            var lastSuccess = Latest(live?.LastSuccessAt, snapshot?.LastSuccessAt);
            var errorKind = live is null ? snapshot?.LastErrorKind : live.LastErrorKind;
            result.Add(new SourceSyncStatusDto
            {
                SourceId = source.Id,
                Status = SourceHealth.Of(errorKind, lastSuccess, now, freshFor),
                BaseUrl = source.BaseUrl,
                Hash = snapshot?.Hash ?? string.Empty,
                Version = snapshot?.Version ?? string.Empty,
                Protocol = snapshot is null ? null : RemoteCatalogV2.ProtocolOf(snapshot.Hash),
                // Every cycle that changes the listed apps stores them in the snapshot: its count is the one served.
                AppCount = snapshot?.AppCount ?? live?.AppCount ?? 0,
                LastSyncAt = Latest(live?.LastSyncAt, snapshot?.LastSyncAt),
                LastSuccessAt = lastSuccess,
                LastError = live is null ? snapshot?.LastError : live.LastError,
                LastErrorKind = errorKind,
                HeldBack = HeldBackAppDto.Read(snapshot?.HeldBackJson),
                LastDurationMs = live?.LastDurationMs ?? 0,
                LastOutcome = live?.LastOutcome ?? (snapshot is null ? "never" : "unknown"),
            });
        }

        return result;
    }

    private static async Task<SourceSyncStatusDto?> ReadLiveAsync(IHotStateStore hotState, string sourceId, CancellationToken cancellationToken)
    {
        try
        {
            var stored = await hotState.GetAsync(HotStateKeys.SourceSyncStatus(sourceId), cancellationToken);
            return stored is null ? null : JsonSerializer.Deserialize<SourceSyncStatusDto>(stored);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Unreadable live status, or Redis away: the stored snapshot still answers.
            return null;
        }
    }

    private static DateTime? Latest(DateTime? a, DateTime? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
