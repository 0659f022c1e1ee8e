using System.Collections.Concurrent;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Market.Infrastructure.Tasks;

/// <summary>
/// This host's task workers. Claims tasks under a lease (woken at once by tasks created here, by
/// events from other replicas, and once a second for expired leases and due retries), runs each with
/// the engine (<see cref="ITaskEngine"/>), keeps its lease alive with a heartbeat and, on shutdown, stops following
/// and releases every lease so another host (or this one restarted) resumes at once.
/// At most Market:Tasks:Concurrency submissions run at a time; following accepted operations only
/// polls, so many may be followed at once without holding up other users' submissions.
/// </summary>
internal sealed partial class TaskWorkerService(
    TaskQueue queue,
    IDatabaseStartup database,
    ITaskClaimer claimer,
    ITaskEngine runner,
    IMarketEventBus events,
    IOptions<TasksOptions> options,
    TimeProvider clock,
    ILogger<TaskWorkerService> logger) : BackgroundService
{
    private static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, Task> _running = new(StringComparer.Ordinal);
    private int _released;

    private TimeSpan Lease => TimeSpan.FromSeconds(options.Value.LeaseSeconds);

    private int MaxFollowed => Math.Max(64, options.Value.Concurrency * 16);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await database.WaitAsync(stoppingToken))
        {
            return; // stopped before the database was ready (ADR 0023)
        }

        using var submitGate = new SemaphoreSlim(options.Value.Concurrency, options.Value.Concurrency);
        using var wakeOnEvents = events.Subscribe(e =>
        {
            if (e.NotifyType is MarketEvent.AppStateChange or MarketEvent.MarketSystemPoint)
            {
                queue.NotifyCreated();
            }

            return ValueTask.CompletedTask;
        });

        while (!stoppingToken.IsCancellationRequested)
        {
            var free = MaxFollowed - _running.Count;
            var claimedAll = false;
            if (free > 0)
            {
                try
                {
                    var now = clock.GetUtcNow().UtcDateTime;
                    var claimed = await claimer.ClaimAsync(queue.HostId, free, _running.Keys.ToList(), now, now + Lease, stoppingToken);
                    foreach (var id in claimed)
                    {
                        // Registered before it may run, so its own removal can never come first.
                        var registered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                        _running[id] = RunOneAsync(id, registered.Task, submitGate, stoppingToken);
                        registered.SetResult();
                    }

                    claimedAll = claimed.Count > 0 && claimed.Count == free;
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    LogClaimFailed(logger, ex);
                }
            }

            if (!claimedAll)
            {
                try
                {
                    await queue.WaitForWorkAsync(IdlePoll, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        await DrainAsync();
    }

    private async Task RunOneAsync(string taskId, Task registered, SemaphoreSlim submitGate, CancellationToken stoppingToken)
    {
        await registered;
        using var leaseLost = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        using var heartbeatStop = new CancellationTokenSource();
        var heartbeat = HeartbeatAsync(taskId, leaseLost, heartbeatStop.Token);
        try
        {
            await runner.RunAsync(taskId, queue.HostId, submitGate, leaseLost.Token);
        }
        catch (OperationCanceledException) when (leaseLost.IsCancellationRequested)
        {
            if (stoppingToken.IsCancellationRequested)
            {
                // Shutdown: hand the task back so another host, or this one restarted, resumes it at once.
                await ReleaseQuietlyAsync(taskId, null);
                Interlocked.Increment(ref _released);
            }

            // else the lease was lost: another host owns the task now
        }
        catch (Exception ex)
        {
            LogTaskCrashed(logger, taskId, ex);
            await ReleaseQuietlyAsync(taskId, clock.GetUtcNow().UtcDateTime + TimeSpan.FromSeconds(5));
        }
        finally
        {
            await heartbeatStop.CancelAsync();
            await heartbeat;
            _running.TryRemove(taskId, out _);
            if (!stoppingToken.IsCancellationRequested)
            {
                queue.NotifyCreated(); // a slot is free
            }
        }
    }

    private async Task HeartbeatAsync(string taskId, CancellationTokenSource leaseLost, CancellationToken stop)
    {
        var interval = Lease / 3;
        try
        {
            while (true)
            {
                await Task.Delay(interval, clock, stop);
                bool held;
                try
                {
                    held = await claimer.RenewAsync(taskId, queue.HostId, clock.GetUtcNow().UtcDateTime + Lease, stop);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogHeartbeatFailed(logger, taskId, ex);
                    continue; // a database hiccup; the lease still has two thirds left
                }

                if (!held)
                {
                    LogLeaseLost(logger, taskId);
                    await leaseLost.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // the task ended
        }
    }

    /// <summary>Waits briefly for the workers to notice the shutdown (each hands its task back), then hands back any that did not.</summary>
    private async Task DrainAsync()
    {
        await Task.WhenAny(Task.WhenAll(_running.Values.ToArray()), Task.Delay(ShutdownGrace, clock));
        foreach (var (taskId, _) in _running.ToArray())
        {
            await ReleaseQuietlyAsync(taskId, null);
            Interlocked.Increment(ref _released);
        }

        if (_released > 0)
        {
            LogReleased(logger, _released);
        }
    }

    private async Task ReleaseQuietlyAsync(string taskId, DateTime? retryAt)
    {
        try
        {
            await claimer.ReleaseAsync(taskId, queue.HostId, retryAt, CancellationToken.None);
        }
        catch (Exception ex)
        {
            LogReleaseFailed(logger, taskId, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Claiming tasks failed")]
    private static partial void LogClaimFailed(ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Error, Message = "Task {TaskId} crashed; released for a retry")]
    private static partial void LogTaskCrashed(ILogger logger, string taskId, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing the lease of task {TaskId} failed")]
    private static partial void LogHeartbeatFailed(ILogger logger, string taskId, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the lease of task {TaskId}; another host continues it")]
    private static partial void LogLeaseLost(ILogger logger, string taskId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Released {Count} task(s) on shutdown")]
    private static partial void LogReleased(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Releasing task {TaskId} failed; its lease will run out")]
    private static partial void LogReleaseFailed(ILogger logger, string taskId, Exception ex);
}
