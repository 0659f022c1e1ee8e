using System.Text.Json.Serialization;
using Mediator;

namespace Market.Application.Sources.Queries.ProbeMarketSource;

/// <summary>
/// Checks a URL before it is added as a source (the web app's add-source dialog, newer-clients §1): its
/// scheme, the private-network guard, that no source has it yet, that it answers and speaks the market
/// protocol. Writes nothing. Admins only (checked by the API).
/// </summary>
public sealed record ProbeMarketSourceQuery(string? BaseUrl) : IQuery<MarketSourceProbeDto>;

/// <summary>What the probe found at the URL.</summary>
public sealed record MarketSourceProbeDto(
    [property: JsonPropertyName("base_url")] string BaseUrl,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("display_name")] string DisplayName,
    [property: JsonPropertyName("short_label")] string ShortLabel,
    [property: JsonPropertyName("icon")] string Icon,
    [property: JsonPropertyName("app_count")] int AppCount,
    [property: JsonPropertyName("hash")] string Hash,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("latency_ms")] long LatencyMs);
