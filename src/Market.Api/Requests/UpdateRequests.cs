using System.Text.Json.Serialization;

namespace Market.Api.Requests;

/// <summary>Body of <c>PUT /updates/{app_name}/hold</c>.</summary>
public sealed record HoldUpdatesRequest([property: JsonPropertyName("held")] bool? Held);

/// <summary>Body of <c>PUT /updates/{app_name}/skip</c>.</summary>
public sealed record SkipUpdateRequest([property: JsonPropertyName("version")] string? Version);

/// <summary>Body of <c>POST /updates/apply</c>.</summary>
public sealed record ApplyUpdatesRequest(
    [property: JsonPropertyName("apps")] IReadOnlyList<string>? Apps,
    [property: JsonPropertyName("all")] bool? All);
