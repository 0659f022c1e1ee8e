using System.Text.Json.Serialization;
using Mediator;

namespace Market.Application.Catalog.Queries.GetMarketHash;

/// <summary>The caller's market hash: it changes exactly when what <c>/market/data</c> shows them changes.</summary>
public sealed record GetMarketHashQuery(string User) : IQuery<MarketHashDto>;

public sealed record MarketHashDto([property: JsonPropertyName("hash")] string Hash);
