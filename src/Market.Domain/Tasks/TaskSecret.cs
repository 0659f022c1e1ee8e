namespace Market.Domain.Tasks;

/// <summary>
/// The secret env values of a task not yet at the runtime, sealed (encrypted) so that any replica can
/// submit the task after its creator died. Only ciphertext is ever stored; the row lives from the task's
/// creation (same transaction) until the runtime accepted the operation or the task ended.
/// </summary>
public class TaskSecret
{
    private TaskSecret()
    {
    }

    public string TaskId { get; private set; } = string.Empty;

    /// <summary>The values as a protected payload (never the values themselves).</summary>
    public string Ciphertext { get; private set; } = string.Empty;

    public DateTime CreatedAt { get; private set; }

    public static TaskSecret Seal(string taskId, string ciphertext, DateTime now)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        ArgumentException.ThrowIfNullOrEmpty(ciphertext);
        return new TaskSecret { TaskId = taskId, Ciphertext = ciphertext, CreatedAt = now };
    }
}
