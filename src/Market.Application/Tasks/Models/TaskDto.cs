using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Market.Application.Apps.Models;
using Market.Application.Apps.Operations;
using Market.Domain.Apps;
using Market.Domain.Tasks;

namespace Market.Application.Tasks.Models;

/// <summary>
/// A task as its owner sees it (<c>GET /tasks/{id}</c>). It shows no env values at all — not even the
/// non-secret ones — and no request body: only what the task did and how it ended.
/// </summary>
public sealed record TaskDto : TaskHeadDto
{
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

    /// <summary>Every step in order; omitted from lists (<c>GET /tasks</c>), shown on <c>GET /tasks/{id}</c>.</summary>
    [JsonPropertyName("timeline")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<TaskStepDto>? Timeline { get; init; }

    /// <summary>Why it failed, was refused, timed out or was canceled; null otherwise.</summary>
    [JsonPropertyName("failure")]
    public TaskFailureDto? Failure { get; init; }

    public static TaskDto From(AppTask task) => Summary(task) with { Timeline = task.Timeline.Select(TaskStepDto.From).ToList() };

    /// <summary>The task as lists show it: everything but the timeline.</summary>
    public static TaskDto Summary(AppTask task) => new()
    {
        TaskId = task.Id,
        Type = task.Type.ToWire(),
        Status = task.Status.ToWire(),
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
        Failure = task.Failure is { } failure ? TaskFailureDto.From(failure) : null,
    };
}

/// <summary>One timeline step on the wire: <c>{at, step, state, message}</c>.</summary>
public sealed record TaskStepDto(
    [property: JsonPropertyName("at")] string At,
    [property: JsonPropertyName("step")] string Step,
    [property: JsonPropertyName("state")] string? State,
    [property: JsonPropertyName("message")] string? Message)
{
    public static TaskStepDto From(TaskStep step) =>
        new(step.At.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture), TaskStepKinds.Wire(step.Step), step.State, step.Message);
}

/// <summary>A task's failure on the wire: <c>{cause, summary, detail, next_step, retryable}</c>.</summary>
public sealed record TaskFailureDto(
    [property: JsonPropertyName("cause")] string Cause,
    [property: JsonPropertyName("summary")] string Summary,
    [property: JsonPropertyName("detail")] string? Detail,
    [property: JsonPropertyName("next_step")] string NextStep,
    [property: JsonPropertyName("retryable")] bool Retryable)
{
    public static TaskFailureDto From(TaskFailure failure) =>
        new(FailureCauses.Wire(failure.Cause), failure.Summary, failure.Detail, failure.NextStep, failure.Retryable);
}

/// <summary><c>GET /tasks</c>: the caller's tasks, newest first.</summary>
public sealed class TaskListDto
{
    [JsonPropertyName("tasks")]
    public IReadOnlyList<TaskDto> Tasks { get; init; } = [];

    [JsonPropertyName("total_count")]
    public int TotalCount { get; init; }
}
