using System.Text.Json.Serialization;

namespace Market.Application.Updates.Models;

/// <summary>One release between the installed version and the newest, as the version history shows it.</summary>
public sealed record ReleaseDto(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("versionName")] string VersionName,
    [property: JsonPropertyName("upgradeDescription")] string UpgradeDescription,
    [property: JsonPropertyName("mergedAt")] string? MergedAt,
    [property: JsonPropertyName("skipped")] bool Skipped);

/// <summary>An installed app (or clone) with a newer version in its source.</summary>
public sealed record AppUpdateDto(
    [property: JsonPropertyName("app_name")] string AppName,
    [property: JsonPropertyName("raw_app_name")] string RawAppName,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("is_clone")] bool IsClone,
    [property: JsonPropertyName("installed_version")] string InstalledVersion,
    [property: JsonPropertyName("latest_version")] string LatestVersion,
    [property: JsonPropertyName("releases")] IReadOnlyList<ReleaseDto> Releases,
    [property: JsonPropertyName("held")] bool Held,
    [property: JsonPropertyName("skipped_version")] string? SkippedVersion)
{
    /// <summary>Offered: not held, and some release in between is not skipped.</summary>
    [JsonIgnore]
    public bool IsOffered => !Held && Releases.Any(r => !r.Skipped);
}

/// <summary><c>GET /updates</c>.</summary>
public sealed record UpdatesDto(
    [property: JsonPropertyName("updates")] IReadOnlyList<AppUpdateDto> Updates,
    [property: JsonPropertyName("total_count")] int TotalCount);

/// <summary>A user's choice about one app's updates.</summary>
public sealed record UpdateChoiceDto(
    [property: JsonPropertyName("app_name")] string AppName,
    [property: JsonPropertyName("held")] bool Held,
    [property: JsonPropertyName("skipped_version")] string? SkippedVersion);

/// <summary>One app of a batch: its upgrade task and how it is doing.</summary>
public sealed record UpdateBatchItemDto(
    [property: JsonPropertyName("app_name")] string AppName,
    [property: JsonPropertyName("from_version")] string FromVersion,
    [property: JsonPropertyName("to_version")] string ToVersion,
    [property: JsonPropertyName("task_id")] string? TaskId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("installed_version")] string? InstalledVersion,
    [property: JsonPropertyName("error")] string? Error);

/// <summary><c>POST /updates/apply</c> and <c>GET /updates/batches/{id}</c>.</summary>
public sealed record UpdateBatchDto(
    [property: JsonPropertyName("batch_id")] string BatchId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("created_at")] DateTime CreatedAt,
    [property: JsonPropertyName("items")] IReadOnlyList<UpdateBatchItemDto> Items);
