using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Market.Application.Apps.Models;
using Market.Application.Apps.Operations;
using Market.Domain.Tasks;

namespace Market.Application.Tasks.Models;

/// <summary>
/// A task as its owner sees it (<c>GET /tasks/{id}</c>). It shows no env values at all — not even the
/// non-secret ones — and no request body: only what the task did and how it ended.
/// </summary>
public sealed class TaskDto
{
    [JsonPropertyName("task_id")]
    public string TaskId { get; init; } = string.Empty;

    [JsonPropertyName("type")]
    public string Type { get; init; } = string.Empty;

    [JsonPropertyName("status")]
    public string Status { get; init; } = string.Empty;

    [JsonPropertyName("app_name")]
    public string AppName { get; init; } = string.Empty;

    [JsonPropertyName("raw_app_name")]
    public string RawAppName { get; init; } = string.Empty;

    [JsonPropertyName("source")]
    public string Source { get; init; } = string.Empty;

    [JsonPropertyName("version")]
    public string Version { get; init; } = string.Empty;

    [JsonPropertyName("user")]
    public string User { get; init; } = string.Empty;

    [JsonPropertyName("op_id")]
    public string OperationId { get; init; } = string.Empty;

    [JsonPropertyName("attempts")]
    public int Attempts { get; init; }

    [JsonPropertyName("error")]
    public string Error { get; init; } = string.Empty;

    [JsonPropertyName("result")]
    public JsonNode? Result { get; init; }

    [JsonPropertyName("backend_response")]
    public JsonNode? BackendResponse { get; init; }

    [JsonPropertyName("created_at")]
    public string CreatedAt { get; init; } = string.Empty;

    [JsonPropertyName("started_at")]
    public string StartedAt { get; init; } = string.Empty;

    [JsonPropertyName("finished_at")]
    public string FinishedAt { get; init; } = string.Empty;

    public static TaskDto From(AppTask task) => new()
    {
        TaskId = task.Id,
        Type = task.Type,
        Status = task.Status,
        AppName = task.AppName,
        RawAppName = task.RawAppName,
        Source = task.SourceId,
        Version = task.Version,
        User = task.UserId,
        OperationId = task.OperationId ?? string.Empty,
        Attempts = task.Attempts,
        Error = task.Error ?? string.Empty,
        Result = OperationResponder.ParseResult(task.ResultJson),
        BackendResponse = OperationResponder.ParseResult(task.BackendResponseJson),
        CreatedAt = AppStateMapper.FormatTime(task.CreatedAt),
        StartedAt = task.StartedAt is { } started ? AppStateMapper.FormatTime(started) : string.Empty,
        FinishedAt = task.FinishedAt is { } finished ? AppStateMapper.FormatTime(finished) : string.Empty,
    };
}

/// <summary><c>GET /tasks</c>: the caller's tasks, newest first.</summary>
public sealed class TaskListDto
{
    [JsonPropertyName("tasks")]
    public IReadOnlyList<TaskDto> Tasks { get; init; } = [];

    [JsonPropertyName("total_count")]
    public int TotalCount { get; init; }
}
