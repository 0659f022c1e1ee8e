using System.Text.Json.Serialization;
using Market.Application.Sources.Models;
using Market.Application.Tasks.Models;

namespace Market.Application.Runtime.Queries.GetRuntimeState;

/// <summary>
/// What <c>GET /runtime/state</c> answers (the original's RuntimeSnapshot): app states keyed
/// <c>user:source:app</c>, tasks keyed by id, components keyed by name, a summary, plus the sync status
/// of every remote source. Built from stored data on each call; never carries tokens or env values.
/// </summary>
public sealed class RuntimeSnapshotDto
{
    [JsonPropertyName("timestamp")]
    public string Timestamp { get; init; } = string.Empty;

    [JsonPropertyName("app_states")]
    public IReadOnlyDictionary<string, AppFlowStateDto> AppStates { get; init; } = new Dictionary<string, AppFlowStateDto>();

    [JsonPropertyName("tasks")]
    public IReadOnlyDictionary<string, TaskStateDto> Tasks { get; init; } = new Dictionary<string, TaskStateDto>();

    [JsonPropertyName("components")]
    public IReadOnlyDictionary<string, ComponentStatusDto> Components { get; init; } = new Dictionary<string, ComponentStatusDto>();

    [JsonPropertyName("sources")]
    public IReadOnlyList<SourceSyncStatusDto> Sources { get; init; } = [];

    [JsonPropertyName("summary")]
    public RuntimeSummaryDto Summary { get; init; } = new();
}

/// <summary>One user's app: where it is in its lifecycle.</summary>
public sealed class AppFlowStateDto
{
    [JsonPropertyName("app_id")]
    public string AppId { get; init; } = string.Empty;

    [JsonPropertyName("app_name")]
    public string AppName { get; init; } = string.Empty;

    [JsonPropertyName("user_id")]
    public string UserId { get; init; } = string.Empty;

    [JsonPropertyName("source_id")]
    public string SourceId { get; init; } = string.Empty;

    /// <summary>unknown, fetching, installing, running, upgrading, uninstalling, failed, stopped.</summary>
    [JsonPropertyName("stage")]
    public string Stage { get; init; } = string.Empty;

    [JsonPropertyName("stage_detail")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? StageDetail { get; init; }

    [JsonPropertyName("version")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Version { get; init; }

    /// <summary>healthy, unhealthy or unknown.</summary>
    [JsonPropertyName("health")]
    public string Health { get; init; } = string.Empty;

    [JsonPropertyName("last_update")]
    public string LastUpdate { get; init; } = string.Empty;

    [JsonPropertyName("metadata")]
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
}

/// <summary>A task as the runtime views show it: no request body, no env values, no result body.</summary>
public sealed record TaskStateDto : TaskHeadDto
{
    [JsonPropertyName("user_id")]
    public string UserId { get; init; } = string.Empty;

    [JsonPropertyName("op_id")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? OperationId { get; init; }

    [JsonPropertyName("progress")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int Progress { get; init; }

    [JsonPropertyName("created_at")]
    public string CreatedAt { get; init; } = string.Empty;

    [JsonPropertyName("started_at")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? StartedAt { get; init; }

    [JsonPropertyName("completed_at")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CompletedAt { get; init; }

    [JsonPropertyName("error_msg")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ErrorMessage { get; init; }

    /// <summary>Safe facts only (source, version, attempts): never the request, its envs or a token.</summary>
    [JsonPropertyName("metadata")]
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
}

/// <summary>Health of one part of the service.</summary>
public sealed class ComponentStatusDto
{
    [JsonPropertyName("name")]
    public string Name { get; init; } = string.Empty;

    [JsonPropertyName("healthy")]
    public bool Healthy { get; init; }

    /// <summary>running, stopped, degraded or error.</summary>
    [JsonPropertyName("status")]
    public string Status { get; init; } = string.Empty;

    [JsonPropertyName("metrics")]
    public IReadOnlyDictionary<string, object?> Metrics { get; init; } = new Dictionary<string, object?>();

    [JsonPropertyName("last_check")]
    public string LastCheck { get; init; } = string.Empty;

    [JsonPropertyName("message")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Message { get; init; }
}

/// <summary>Counts over the (filtered) snapshot; canceled tasks are counted in none of the status counts.</summary>
public sealed class RuntimeSummaryDto
{
    [JsonPropertyName("total_apps")]
    public int TotalApps { get; init; }

    [JsonPropertyName("total_tasks")]
    public int TotalTasks { get; init; }

    [JsonPropertyName("pending_tasks")]
    public int PendingTasks { get; init; }

    [JsonPropertyName("running_tasks")]
    public int RunningTasks { get; init; }

    [JsonPropertyName("completed_tasks")]
    public int CompletedTasks { get; init; }

    [JsonPropertyName("failed_tasks")]
    public int FailedTasks { get; init; }

    [JsonPropertyName("healthy_apps")]
    public int HealthyApps { get; init; }

    [JsonPropertyName("unhealthy_apps")]
    public int UnhealthyApps { get; init; }

    [JsonPropertyName("active_components")]
    public int ActiveComponents { get; init; }
}
