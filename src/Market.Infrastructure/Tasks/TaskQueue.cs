using System.Collections.Concurrent;
using System.Threading.Channels;
using Market.Application.Common.Interfaces;

namespace Market.Infrastructure.Tasks;

/// <summary>The in-process wake-up channel of this host's task workers and the signals synchronous requests wait on.</summary>
internal sealed class TaskQueue : ITaskQueue
{
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _settled = new(StringComparer.Ordinal);

    /// <summary>Unique per process start, so a restarted host never mistakes its predecessor's leases for its own.</summary>
    public string HostId { get; } = NewHostId();

    public void NotifyCreated() => _wake.Writer.TryWrite(true);

    public void NotifySettled(string taskId)
    {
        if (_settled.TryRemove(taskId, out var waiters))
        {
            waiters.TrySetResult();
        }
    }

    public async Task WaitSettledAsync(string taskId, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var waiters = _settled.GetOrAdd(taskId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        try
        {
            await waiters.Task.WaitAsync(maxWait, cancellationToken);
        }
        catch (TimeoutException)
        {
            // The caller re-reads the task: it may have been settled by another replica.
            _settled.TryRemove(new KeyValuePair<string, TaskCompletionSource>(taskId, waiters));
        }
    }

    private static string NewHostId()
    {
        var id = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
        return id.Length <= 200 ? id : id[^200..];
    }

    /// <summary>Waits for a wake-up or <paramref name="maxWait"/>, whichever comes first.</summary>
    public async Task WaitForWorkAsync(TimeSpan maxWait, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(maxWait);
        try
        {
            await _wake.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // periodic look for leases that ran out and retries that are due
        }
    }
}
