using Market.Application.Common.Catalog;
using Mediator;

namespace Market.Application.Catalog.Queries.GetMarketData;

/// <summary>
/// The caller's whole catalog view. When <paramref name="IfNoneMatch"/> names the current hash the
/// answer is "not modified" and no document is built.
/// </summary>
public sealed record GetMarketDataQuery(string User, string? IfNoneMatch = null) : IQuery<MarketDataResult>;

/// <param name="Hash">The view's hash, sent as the ETag.</param>
/// <param name="Document">Null when the client's copy is current (304).</param>
public sealed record MarketDataResult(string Hash, MarketDocument? Document)
{
    public bool NotModified => Document is null;
}
