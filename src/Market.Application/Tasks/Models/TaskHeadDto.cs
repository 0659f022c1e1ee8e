using System.Text.Json.Serialization;

namespace Market.Application.Tasks.Models;

/// <summary>
/// What every view of a task opens with (<c>GET /tasks</c>, <c>GET /runtime/state</c>): id, type, status (their wire
/// names) and app. The explicit order keeps these four first on the wire, ahead of the derived view's own keys.
/// </summary>
public abstract record TaskHeadDto
{
    [JsonPropertyName("task_id")]
    [JsonPropertyOrder(-4)]
    public string TaskId { get; init; } = string.Empty;

    [JsonPropertyName("type")]
    [JsonPropertyOrder(-3)]
    public string Type { get; init; } = string.Empty;

    [JsonPropertyName("status")]
    [JsonPropertyOrder(-2)]
    public string Status { get; init; } = string.Empty;

    [JsonPropertyName("app_name")]
    [JsonPropertyOrder(-1)]
    public string AppName { get; init; } = string.Empty;
}
