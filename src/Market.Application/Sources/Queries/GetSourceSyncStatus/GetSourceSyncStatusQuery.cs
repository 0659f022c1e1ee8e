using System.Text.Json;
using Market.Application.Common.Interfaces;
using Market.Application.Sources.Models;
using Market.Domain.Sources;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Sources.Queries.GetSourceSyncStatus;

/// <summary>Sync health of every remote source (last sync, last success, last error, app count), for the runtime views.</summary>
public sealed record GetSourceSyncStatusQuery : IQuery<IReadOnlyList<SourceSyncStatusDto>>;

public sealed class GetSourceSyncStatusQueryHandler(IMarketDbContext db, IHotStateStore hotState)
    : IQueryHandler<GetSourceSyncStatusQuery, IReadOnlyList<SourceSyncStatusDto>>
{
    public async ValueTask<IReadOnlyList<SourceSyncStatusDto>> Handle(GetSourceSyncStatusQuery query, CancellationToken cancellationToken)
    {
        var sources = await db.MarketSources.AsNoTracking()
            .Where(s => s.Type == MarketSourceType.Remote)
            .OrderBy(s => s.Id)
            .ToListAsync(cancellationToken);
        var snapshots = await db.SourceSnapshots.AsNoTracking().ToDictionaryAsync(s => s.SourceId, cancellationToken);
        var result = new List<SourceSyncStatusDto>();
        foreach (var source in sources)
        {
            snapshots.TryGetValue(source.Id, out var snapshot);
            SourceSyncStatusDto? live = null;
            try
            {
                var stored = await hotState.GetAsync(HotStateKeys.SourceSyncStatus(source.Id), cancellationToken);
                live = stored is null ? null : JsonSerializer.Deserialize<SourceSyncStatusDto>(stored);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Unreadable live status, or Redis away: the stored snapshot still answers.
            }

            result.Add(new SourceSyncStatusDto
            {
                SourceId = source.Id,
                BaseUrl = source.BaseUrl,
                Hash = snapshot?.Hash ?? string.Empty,
                Version = snapshot?.Version ?? string.Empty,
                AppCount = live?.AppCount ?? snapshot?.AppCount ?? 0,
                LastSyncAt = Latest(live?.LastSyncAt, snapshot?.LastSyncAt),
                LastSuccessAt = Latest(live?.LastSuccessAt, snapshot?.LastSuccessAt),
                LastError = live is null ? snapshot?.LastError : live.LastError,
                LastDurationMs = live?.LastDurationMs ?? 0,
                LastOutcome = live?.LastOutcome ?? (snapshot is null ? "never" : "unknown"),
            });
        }

        return result;
    }

    private static DateTime? Latest(DateTime? a, DateTime? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
