using System.Text.Json.Serialization;

namespace Market.Api.Requests;

/// <summary>Body of <c>POST /apps</c>: <c>{"apps": [{"appid", "sourceDataName"}]}</c>.</summary>
public sealed record AppsInfoRequest([property: JsonPropertyName("apps")] IReadOnlyList<AppsInfoRequestItem>? Apps);

/// <summary>One requested app; <c>appid</c> is the app's name.</summary>
public sealed record AppsInfoRequestItem(
    [property: JsonPropertyName("appid")] string? AppId,
    [property: JsonPropertyName("sourceDataName")] string? SourceDataName);

/// <summary>Body of <c>POST /apps/version-history</c>.</summary>
public sealed record VersionHistoryRequest([property: JsonPropertyName("appName")] string? AppName);
