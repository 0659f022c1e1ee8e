using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Mediator;

namespace Market.Application.Catalog.Queries.GetMarketHash;

public sealed class GetMarketHashQueryHandler(IMarketViewCache cache) : IQueryHandler<GetMarketHashQuery, MarketHashDto>
{
    public const string FailureMessage = "Failed to retrieve market hash";

    public async ValueTask<MarketHashDto> Handle(GetMarketHashQuery query, CancellationToken cancellationToken)
    {
        try
        {
            return new MarketHashDto(await cache.GetHashAsync(query.User, cancellationToken));
        }
        catch (Exception ex) when (ex is not MarketException and not OperationCanceledException)
        {
            throw new InternalServerException(FailureMessage, ex);
        }
    }
}
