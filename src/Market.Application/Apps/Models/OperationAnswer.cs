namespace Market.Application.Apps.Models;

/// <summary>
/// How an app operation request ends: the status (200, 202 while still running, 500 when the runtime
/// refused), the envelope's message and data. Operations answer this way rather than by exception
/// because a refusal still carries data (the runtime's <c>backend_response</c>).
/// </summary>
public sealed record OperationAnswer(int StatusCode, string Message, object? Data)
{
    public bool Success => StatusCode < 400;

    public static OperationAnswer Ok(string message, object? data = null) => new(200, message, data);

    public static OperationAnswer StillRunning(string taskId) =>
        new(202, "Task is still running, query task status for result", new Dictionary<string, string> { ["task_id"] = taskId });

    public static OperationAnswer Failed(string message, object? data = null) => new(500, message, data);
}
