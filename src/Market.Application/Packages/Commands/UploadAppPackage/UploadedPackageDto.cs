using System.Text.Json.Serialization;

namespace Market.Application.Packages.Commands.UploadAppPackage;

/// <summary>
/// <c>data</c> of <c>POST /apps/upload</c>. The original serialises a Go map, so the keys are in
/// sorted order; we keep that order.
/// </summary>
public sealed record UploadedPackageDto(
    [property: JsonPropertyName("app_info")] UploadedAppInfoDto AppInfo,
    [property: JsonPropertyName("filename")] string FileName,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("user_id")] string UserId);

/// <summary>The summary of the uploaded app (keys sorted, as the original's map).</summary>
public sealed record UploadedAppInfoDto(
    [property: JsonPropertyName("app_id")] string AppId,
    [property: JsonPropertyName("app_labels")] IReadOnlyList<string> AppLabels,
    [property: JsonPropertyName("categories")] IReadOnlyList<string> Categories,
    [property: JsonPropertyName("cfg_type")] string CfgType,
    [property: JsonPropertyName("chart_name")] string ChartName,
    [property: JsonPropertyName("create_time")] long CreateTime,
    [property: JsonPropertyName("description")] IReadOnlyDictionary<string, string> Description,
    [property: JsonPropertyName("developer")] string Developer,
    [property: JsonPropertyName("icon")] string Icon,
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("rating")] double Rating,
    [property: JsonPropertyName("target")] string Target,
    [property: JsonPropertyName("title")] IReadOnlyDictionary<string, string> Title,
    [property: JsonPropertyName("update_time")] long UpdateTime,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("version_name")] string VersionName);
