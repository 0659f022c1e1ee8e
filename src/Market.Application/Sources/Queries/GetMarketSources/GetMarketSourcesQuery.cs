using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Market.Application.Sources.Models;
using Market.Application.Sources.Queries.GetSourceSyncStatus;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Market.Application.Sources.Queries.GetMarketSources;

public sealed record GetMarketSourcesQuery : IQuery<IReadOnlyList<MarketSourceDto>>;

/// <summary>Every source with its names; remotes also with their sync health and the apps they hold back.</summary>
public sealed class GetMarketSourcesQueryHandler(IMarketDbContext db, IHotStateStore hotState, IOptionsMonitor<SourcesOptions> options, TimeProvider clock)
    : IQueryHandler<GetMarketSourcesQuery, IReadOnlyList<MarketSourceDto>>
{
    public async ValueTask<IReadOnlyList<MarketSourceDto>> Handle(GetMarketSourcesQuery query, CancellationToken cancellationToken)
    {
        var sources = await db.MarketSources.AsNoTracking()
            .OrderByDescending(s => s.Priority)
            .ThenBy(s => s.Id)
            .ToListAsync(cancellationToken);
        var labels = await MarketSourcesConfigReader.CatalogLabelsAsync(db, cancellationToken);
        var health = (await SourceHealthReader.ReadAsync(db, hotState, options.CurrentValue, clock.GetUtcNow().UtcDateTime, null, cancellationToken))
            .ToDictionary(h => h.SourceId, StringComparer.Ordinal);
        return sources.Select(s => MarketSourceDto.From(s, labels.GetValueOrDefault(s.Id), health.GetValueOrDefault(s.Id))).ToList();
    }
}
