namespace Market.Application.Common.Interfaces;

/// <summary>
/// The in-process side of the task engine: wakes this host's workers when a task is created and lets
/// a synchronous request wait until its task is accepted or refused by the runtime.
/// </summary>
public interface ITaskQueue
{
    /// <summary>This process's identity as a lease owner (unique per process start).</summary>
    string HostId { get; }

    /// <summary>A task was created (or became claimable): wake the workers.</summary>
    void NotifyCreated();

    /// <summary>A task was accepted, refused or finished.</summary>
    void NotifySettled(string taskId);

    /// <summary>Returns when <see cref="NotifySettled"/> is called for the task on this host, or after <paramref name="maxWait"/>.</summary>
    Task WaitSettledAsync(string taskId, TimeSpan maxWait, CancellationToken cancellationToken);
}
