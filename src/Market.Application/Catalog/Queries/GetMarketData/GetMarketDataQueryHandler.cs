using Market.Application.Common.Catalog;
using Market.Application.Common.Interfaces;
using Mediator;

namespace Market.Application.Catalog.Queries.GetMarketData;

public sealed class GetMarketDataQueryHandler(IMarketViewCache cache, TimeProvider clock) : IQueryHandler<GetMarketDataQuery, MarketDataResult>
{
    /// <summary>The 500 message of this route (the Api answers it for an unexpected failure).</summary>
    public const string FailureMessage = "Failed to retrieve market data";

    public async ValueTask<MarketDataResult> Handle(GetMarketDataQuery query, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(query.IfNoneMatch))
        {
            var hash = await cache.GetHashAsync(query.User, cancellationToken);
            if (MarketETag.Matches(query.IfNoneMatch, hash))
            {
                return new MarketDataResult(hash, null);
            }
        }

        var view = await cache.GetViewAsync(query.User, cancellationToken);
        return new MarketDataResult(view.Hash, new MarketDocument(view, MarketDocumentKind.Data, clock.GetUtcNow().ToUnixTimeSeconds()));
    }
}
