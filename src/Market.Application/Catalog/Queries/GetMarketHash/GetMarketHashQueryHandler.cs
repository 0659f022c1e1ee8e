using Market.Application.Common.Interfaces;
using Mediator;

namespace Market.Application.Catalog.Queries.GetMarketHash;

public sealed class GetMarketHashQueryHandler(IMarketViewCache cache) : IQueryHandler<GetMarketHashQuery, MarketHashDto>
{
    /// <summary>The 500 message of this route (the Api answers it for an unexpected failure).</summary>
    public const string FailureMessage = "Failed to retrieve market hash";

    public async ValueTask<MarketHashDto> Handle(GetMarketHashQuery query, CancellationToken cancellationToken) =>
        new(await cache.GetHashAsync(query.User, cancellationToken));
}
