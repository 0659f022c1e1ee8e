using System.Text.Json.Serialization;

namespace Market.Api.Requests;

/// <summary>Body of <c>POST /settings/market-source</c>.</summary>
public sealed record AddMarketSourceRequest(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("base_url")] string? BaseUrl,
    [property: JsonPropertyName("description")] string? Description,
    [property: JsonPropertyName("display_name")] string? DisplayName = null,
    [property: JsonPropertyName("short_label")] string? ShortLabel = null,
    [property: JsonPropertyName("icon")] string? Icon = null);

/// <summary>Body of <c>POST /settings/market-source/probe</c>.</summary>
public sealed record ProbeMarketSourceRequest([property: JsonPropertyName("base_url")] string? BaseUrl);

/// <summary>Body of <c>PUT /settings/market-settings</c>.</summary>
public sealed record MarketSettingsRequest(
    [property: JsonPropertyName("selected_source")] string? SelectedSource,
    [property: JsonPropertyName("nsfw")] bool? Nsfw);

/// <summary>POST settings/notifications body: <c>{url, events, secret}</c>.</summary>
public sealed record NotificationSubscriptionRequest(
    [property: JsonPropertyName("url")] string? Url,
    [property: JsonPropertyName("events")] IReadOnlyList<string>? Events,
    [property: JsonPropertyName("secret")] string? Secret);
