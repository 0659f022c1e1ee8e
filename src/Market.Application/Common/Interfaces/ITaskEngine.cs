namespace Market.Application.Common.Interfaces;

/// <summary>
/// The task engine as a host drives it: the worker (Infrastructure) claims a task and its lease, and the
/// engine (Application's <c>TaskRunner</c>) carries it through submit and follow while the lease holds.
/// </summary>
public interface ITaskEngine
{
    /// <summary>Runs the task while this host holds its lease; returns when it ended, was released for a retry, or the token fired.</summary>
    Task RunAsync(string taskId, string hostId, SemaphoreSlim submitGate, CancellationToken cancellationToken);
}
