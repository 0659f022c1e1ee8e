using Market.Application.Common.Interfaces;
using Market.Application.Sources.Models;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Sources.Queries.GetMarketSources;

public sealed record GetMarketSourcesQuery : IQuery<IReadOnlyList<MarketSourceDto>>;

public sealed class GetMarketSourcesQueryHandler(IMarketDbContext db) : IQueryHandler<GetMarketSourcesQuery, IReadOnlyList<MarketSourceDto>>
{
    public async ValueTask<IReadOnlyList<MarketSourceDto>> Handle(GetMarketSourcesQuery query, CancellationToken cancellationToken)
    {
        var sources = await db.MarketSources.AsNoTracking()
            .OrderByDescending(s => s.Priority)
            .ThenBy(s => s.Id)
            .ToListAsync(cancellationToken);
        return sources.Select(s => s.ToDto()).ToList();
    }
}
