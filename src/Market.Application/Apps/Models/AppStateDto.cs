using System.Text.Json.Serialization;

namespace Market.Application.Apps.Models;

/// <summary>
/// One item of <c>app_state_latest</c> (also the payload of <c>app_state_change</c> pushes):
/// <c>{type, version, status}</c> with <c>version</c> a sibling of <c>status</c> (original-api-endpoints §8.1).
/// </summary>
public sealed class AppStateDto
{
    [JsonPropertyName("type")]
    public string Type { get; init; } = "app-state-latest";

    [JsonPropertyName("version")]
    public string Version { get; init; } = string.Empty;

    [JsonPropertyName("status")]
    public AppStatusDto Status { get; init; } = new();
}

/// <summary>The <c>status</c> object of an app state; optional keys are omitted when empty, as the original does.</summary>
public sealed class AppStatusDto
{
    [JsonPropertyName("name")]
    public string Name { get; init; } = string.Empty;

    [JsonPropertyName("rawAppName")]
    public string RawAppName { get; init; } = string.Empty;

    [JsonPropertyName("appid")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? AppId { get; init; }

    [JsonPropertyName("isSysApp")]
    public bool IsSysApp { get; init; }

    [JsonPropertyName("owner")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Owner { get; init; }

    [JsonPropertyName("icon")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Icon { get; init; }

    [JsonPropertyName("source")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Source { get; init; }

    [JsonPropertyName("title")]
    public string Title { get; init; } = string.Empty;

    [JsonPropertyName("state")]
    public string State { get; init; } = string.Empty;

    [JsonPropertyName("updateTime")]
    public string UpdateTime { get; init; } = string.Empty;

    [JsonPropertyName("statusTime")]
    public string StatusTime { get; init; } = string.Empty;

    [JsonPropertyName("lastTransitionTime")]
    public string LastTransitionTime { get; init; } = string.Empty;

    [JsonPropertyName("progress")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Progress { get; init; }

    [JsonPropertyName("opType")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? OpType { get; init; }

    [JsonPropertyName("message")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Message { get; init; }

    [JsonPropertyName("reason")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Reason { get; init; }

    /// <summary>The app's <c>cfgType</c> (app, middleware …) from its catalog entry, which newer clients read; set when the view is built.</summary>
    [JsonPropertyName("cfgType")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CfgType { get; set; }

    [JsonPropertyName("entranceStatuses")]
    public IReadOnlyList<EntranceStatusDto> EntranceStatuses { get; init; } = [];
}

/// <summary>One entrance of an app state. Stored as-is in <c>UserApp.EntranceStatusesJson</c>.</summary>
public sealed class EntranceStatusDto
{
    [JsonPropertyName("id")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Id { get; set; }

    [JsonPropertyName("name")]
    public string Name { get; set; } = string.Empty;

    [JsonPropertyName("host")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Host { get; set; }

    [JsonPropertyName("port")]
    public int Port { get; set; }

    [JsonPropertyName("icon")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Icon { get; set; }

    [JsonPropertyName("title")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Title { get; set; }

    [JsonPropertyName("authLevel")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? AuthLevel { get; set; }

    [JsonPropertyName("invisible")]
    public bool Invisible { get; set; }

    [JsonPropertyName("url")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Url { get; set; }

    [JsonPropertyName("openMethod")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? OpenMethod { get; set; }

    [JsonPropertyName("windowPushState")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool WindowPushState { get; set; }

    [JsonPropertyName("skip")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Skip { get; set; }

    [JsonPropertyName("state")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? State { get; set; }

    [JsonPropertyName("statusTime")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? StatusTime { get; set; }

    [JsonPropertyName("reason")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Reason { get; set; }
}
