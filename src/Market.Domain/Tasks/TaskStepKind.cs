namespace Market.Domain.Tasks;

/// <summary>What a <see cref="TaskStep"/> records; the wire spells each in lower_snake (<see cref="TaskStepKinds.Wire"/>).</summary>
public enum TaskStepKind
{
    /// <summary>Market accepted the request and opened the task.</summary>
    Accepted,

    /// <summary>A worker took the task to submit it.</summary>
    Queued,

    /// <summary>The runtime accepted the operation (its id in the message).</summary>
    Submitted,

    /// <summary>The runtime reported a new state of the app.</summary>
    State,

    /// <summary>The runtime could not be reached; the task waits and tries again (the reason in the message).</summary>
    Retry,

    /// <summary>The upgrade is done at the runtime; Market waits for the app to be healthy (the deadline in the message).</summary>
    HealthCheck,

    /// <summary>A failed upgrade is being rolled back by another task (named in the message).</summary>
    Rollback,

    Finished,

    Failed,

    Canceled,

    /// <summary>The operation stayed in one state too long (Market:Tasks:StuckAfterSeconds).</summary>
    Timeout,
}

public static class TaskStepKinds
{
    public static string Wire(TaskStepKind kind) => WireNames.Snake(kind.ToString());
}
