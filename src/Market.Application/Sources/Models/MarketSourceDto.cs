using System.Text.Json.Serialization;

namespace Market.Application.Sources.Models;

/// <summary>A market source on the wire (client-contract §4.6).</summary>
public sealed class MarketSourceDto
{
    [JsonPropertyName("id")]
    public string Id { get; init; } = string.Empty;

    [JsonPropertyName("name")]
    public string Name { get; init; } = string.Empty;

    [JsonPropertyName("type")]
    public string Type { get; init; } = string.Empty;

    [JsonPropertyName("base_url")]
    public string BaseUrl { get; init; } = string.Empty;

    [JsonPropertyName("priority")]
    public int Priority { get; init; }

    [JsonPropertyName("is_active")]
    public bool IsActive { get; init; }

    [JsonPropertyName("nsfw")]
    public bool Nsfw { get; init; }

    [JsonPropertyName("updated_at")]
    public DateTime UpdatedAt { get; init; }

    [JsonPropertyName("description")]
    public string Description { get; init; } = string.Empty;
}

/// <summary>What POST and DELETE of market sources answer.</summary>
public sealed record MarketSourcesConfigDto(
    [property: JsonPropertyName("sources")] IReadOnlyList<MarketSourceDto> Sources,
    [property: JsonPropertyName("default_source")] string DefaultSource,
    [property: JsonPropertyName("updated_at")] DateTime UpdatedAt);
