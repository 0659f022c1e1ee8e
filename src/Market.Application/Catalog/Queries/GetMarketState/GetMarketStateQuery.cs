using Market.Application.Common.Catalog;
using Mediator;

namespace Market.Application.Catalog.Queries.GetMarketState;

/// <summary>
/// The caller's app states per visible source (<c>/market/state</c>); with <paramref name="Simple"/>
/// also the sparse app infos of <c>/market/statesimple</c>.
/// </summary>
public sealed record GetMarketStateQuery(string User, bool Simple) : IQuery<MarketDocument>;
