namespace Market.Application.Apps.Models;

/// <summary>
/// How an app operation request succeeds: the envelope's message and data, answered at once, or
/// <see cref="StillRunning"/> (the sync wait ran out; the caller looks the task up). Failures are
/// exceptions like every other error (a runtime refusal is a <c>RuntimeRefusedException</c>).
/// </summary>
public sealed record OperationAnswer(string Message, object? Data, bool IsStillRunning = false)
{
    public static OperationAnswer Ok(string message, object? data = null) => new(message, data);

    public static OperationAnswer StillRunning(string taskId) =>
        new("Task is still running, query task status for result", new Dictionary<string, string> { ["task_id"] = taskId }, IsStillRunning: true);
}
