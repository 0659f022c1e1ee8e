using System.Text.Json.Serialization;
using Market.Domain.Sources;

namespace Market.Application.Sources.Models;

/// <summary>A market source on the wire (client-contract §4.6), with the names and health newer clients read (newer-clients §3).</summary>
public sealed record MarketSourceDto
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

    /// <summary>Badge text of the source's apps (never empty: falls back to the name).</summary>
    [JsonPropertyName("short_label")]
    public string ShortLabel { get; init; } = string.Empty;

    /// <summary>Title of the source (never empty: falls back to the name).</summary>
    [JsonPropertyName("display_name")]
    public string DisplayName { get; init; } = string.Empty;

    [JsonPropertyName("icon")]
    public string Icon { get; init; } = string.Empty;

    [JsonPropertyName("is_official")]
    public bool IsOfficial { get; init; }

    /// <summary>A remote's sync health; absent for local sources and in the add/delete answers.</summary>
    [JsonPropertyName("health")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SourceSyncStatusDto? Health { get; init; }

    /// <summary>
    /// The source as the list shows it: names from the remote's own catalog info where it gave them, else
    /// those the source was added (or preset) with, else its name.
    /// </summary>
    public static MarketSourceDto From(MarketSource source, SourceLabels? catalogLabels = null, SourceSyncStatusDto? health = null)
    {
        var labels = (catalogLabels ?? SourceLabels.None).Or(source.Labels).Or(new SourceLabels(source.Name, source.Name, string.Empty));
        return source.ToDto() with
        {
            DisplayName = labels.DisplayName,
            ShortLabel = labels.ShortLabel,
            Icon = labels.Icon,
            Health = health,
        };
    }
}

/// <summary>What POST and DELETE of market sources answer.</summary>
public sealed record MarketSourcesConfigDto(
    [property: JsonPropertyName("sources")] IReadOnlyList<MarketSourceDto> Sources,
    [property: JsonPropertyName("default_source")] string DefaultSource,
    [property: JsonPropertyName("updated_at")] DateTime UpdatedAt);
