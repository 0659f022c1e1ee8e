using Market.Application.Apps.Commands.RollbackApp;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Market.Application.Tasks.Commands.AwaitHealth;
using Market.Application.Tasks.Commands.FinishTask;
using Market.Application.Tasks.Commands.TimeOutTask;
using Market.Application.Tasks.Engine;
using Market.Application.Tasks.Queries.FindTask;
using Market.Domain.Apps;
using Market.Domain.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Market.Application.Tasks.Commands.ApplyRuntimeReport;

/// <summary>
/// Follows an accepted operation by its id until the runtime says it really ended, mirroring every new
/// report into the user's app; then ends the task and the app together in one transaction. Works the
/// same after a restart: all it needs is the operation id.
/// </summary>
public sealed partial class TaskFollower(
    IScopedSender steps,
    IAppRuntime runtime,
    TaskAnnouncer announcer,
    TimeProvider clock,
    IOptions<TasksOptions> options,
    IOptions<UpgradesOptions> upgrades,
    ILogger<TaskFollower> logger)
{
    private static readonly TimeSpan MinFollowBackoff = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxFollowBackoff = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan OwnershipCheckInterval = TimeSpan.FromSeconds(5);

    /// <summary>Returns when the operation ended, the task ended elsewhere or moved to another host, or the token fired.</summary>
    public async Task FollowAsync(RuntimeOperation operation, string operationId, string hostId, CancellationToken cancellationToken)
    {
        RuntimeOperationStatus? last = null;
        var failures = 0;
        var nextOwnershipCheck = clock.GetUtcNow() + OwnershipCheckInterval;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            RuntimeOperationStatus status;
            try
            {
                status = await runtime.GetStatusAsync(operation, operationId, cancellationToken);
                failures = 0;
            }
            catch (RuntimeUnavailableException ex)
            {
                failures++;
                // With NATS on the runtime's poll interval is zero (it waits for news itself): back off from a floor, not from zero.
                var step = Math.Max(MinFollowBackoff.TotalMilliseconds, runtime.PollInterval.TotalMilliseconds);
                var backoff = TimeSpan.FromMilliseconds(Math.Min(MaxFollowBackoff.TotalMilliseconds, step * Math.Pow(2, failures)));
                LogFollowTrouble(logger, operation.TaskId, ex.Message);
                await Task.Delay(backoff, clock, cancellationToken);
                continue;
            }

            if (status.Outcome == OperationOutcome.Completed && operation.Type == OpType.Upgrade)
            {
                // An upgrade is done when its app is healthy, not when the runtime says so.
                await SettleUpgradeAsync(operation, status, hostId, cancellationToken);
                return;
            }

            if (status.Outcome != OperationOutcome.InProgress)
            {
                // The final state, the outcome and the version land together, in one transaction.
                await FinishAsync(operation.TaskId, status, hostId, cancellationToken);
                return;
            }

            if (last is null || !SameReport(last, status))
            {
                await ApplyAsync(operation, status, cancellationToken);
                last = status;
            }

            if (clock.GetUtcNow() >= nextOwnershipCheck)
            {
                // Ended elsewhere (e.g. canceled by a cancel task) or taken over by another host: stop following.
                nextOwnershipCheck = clock.GetUtcNow() + OwnershipCheckInterval;
                var current = await steps.QueryAsync(new FindTaskQuery(operation.TaskId), cancellationToken);
                if (current is null || !current.IsActive || current.LeaseOwner != hostId)
                {
                    return;
                }

                // Stuck in one state too long (judged on the durable timeline, so a restart does not reset the clock).
                var stuckAfter = TimeSpan.FromSeconds(options.Value.StuckAfterSeconds);
                if (Now - current.InStateSince > stuckAfter)
                {
                    var ended = await steps.SendAsync(new TimeOutTaskCommand(operation.TaskId, hostId, stuckAfter), cancellationToken);
                    if (ended is not null)
                    {
                        LogFinished(logger, ended.Task.Id, ended.Task.Status.ToWire());
                        await announcer.EndedAsync(ended.Task, ended.App, cancellationToken);
                        return;
                    }
                }
            }

            await Task.Delay(runtime.PollInterval, clock, cancellationToken);
        }
    }

    /// <summary>
    /// The runtime reported the upgrade done: it completes once the app is running with healthy entrances. Not healthy at
    /// once, the task records a deadline (Market:Upgrades:HealthTimeoutSeconds) in the database, so a restarted host
    /// keeps it, and is polled like any followed operation (no submission slot is held); past the deadline the upgrade
    /// fails as <c>unhealthy</c>, which starts its rollback.
    /// </summary>
    private async Task SettleUpgradeAsync(RuntimeOperation operation, RuntimeOperationStatus done, string hostId, CancellationToken cancellationToken)
    {
        var timeout = TimeSpan.FromSeconds(upgrades.Value.HealthTimeoutSeconds);
        DateTime? deadline = null;
        var detail = "the runtime could not be asked";
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var health = await runtime.GetHealthAsync(operation, cancellationToken);
                if (health.Healthy)
                {
                    await FinishAsync(operation.TaskId, done with { EntranceStates = health.EntranceStates ?? done.EntranceStates }, hostId, cancellationToken);
                    return;
                }

                detail = health.Detail;
            }
            catch (RuntimeUnavailableException ex)
            {
                LogFollowTrouble(logger, operation.TaskId, ex.Message);
            }

            deadline ??= await steps.SendAsync(new AwaitHealthCommand(operation.TaskId, hostId, timeout, detail), cancellationToken);
            if (deadline is null)
            {
                return; // ended elsewhere or taken over by another host
            }

            if (Now >= deadline)
            {
                var unhealthy = new RuntimeOperationStatus(AppStates.UpgradeFailed, null, FailureCauses.Wire(FailureCause.Unhealthy),
                    $"not healthy {timeout.TotalSeconds:0} s after the upgrade: {detail}", OperationOutcome.Failed, done.EntranceStates);
                await FinishAsync(operation.TaskId, unhealthy, hostId, cancellationToken);
                return;
            }

            var pause = deadline.Value - Now;
            await Task.Delay(pause < HealthPoll(runtime) ? pause : HealthPoll(runtime), clock, cancellationToken);
        }
    }

    /// <summary>Health is asked at the runtime's pace, at least every half second apart (with NATS on its interval is zero).</summary>
    private static TimeSpan HealthPoll(IAppRuntime runtime) =>
        runtime.PollInterval < MinFollowBackoff ? MinFollowBackoff : runtime.PollInterval;

    /// <summary>Mirrors a runtime report into the app (stale or backwards reports are ignored by the domain).</summary>
    private async Task ApplyAsync(RuntimeOperation operation, RuntimeOperationStatus status, CancellationToken cancellationToken)
    {
        var app = await steps.SendAsync(new ApplyRuntimeReportCommand(operation.TaskId, operation.Type, status.ToReport()), cancellationToken);
        if (app is not null)
        {
            await announcer.AppChangedAsync(app, cancellationToken);
        }
    }

    /// <summary>The operation really ended: one transaction for the task's outcome, the app's final state and the history.</summary>
    private async Task FinishAsync(string taskId, RuntimeOperationStatus status, string hostId, CancellationToken cancellationToken)
    {
        var ended = await steps.SendAsync(new FinishTaskCommand(taskId, hostId, status.ToReport(), status.Outcome), cancellationToken);
        if (ended is null)
        {
            return;
        }

        LogFinished(logger, ended.Task.Id, ended.Task.Status.ToWire());
        await announcer.EndedAsync(ended.Task, ended.App, cancellationToken);
        if (ended.Also is not null)
        {
            await announcer.EndedAsync(ended.Also, null, cancellationToken);
        }

        if (ended.Task.Type == OpType.Upgrade && ended.Task.Status == AppTaskStatus.Failed)
        {
            await RollBackAsync(ended.Task.Id, cancellationToken);
        }
    }

    /// <summary>An upgrade that failed after the runtime accepted it may have left the app half-way: go back by itself.</summary>
    private async Task RollBackAsync(string upgradeTaskId, CancellationToken cancellationToken)
    {
        try
        {
            if (await steps.SendAsync(new RollbackAfterFailureCommand(upgradeTaskId), cancellationToken) is { } rollbackId)
            {
                LogRollingBack(logger, upgradeTaskId, rollbackId);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The failed upgrade stays failed and visible; the user can still roll back on request.
            LogRollbackTrouble(logger, upgradeTaskId, e.Message);
        }
    }

    private static bool SameReport(RuntimeOperationStatus a, RuntimeOperationStatus b) =>
        a.State == b.State && a.Progress == b.Progress && a.Reason == b.Reason && a.Message == b.Message && a.Outcome == b.Outcome
        && (a.EntranceStates ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal)
            .SequenceEqual((b.EntranceStates ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal));

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    [LoggerMessage(Level = LogLevel.Information, Message = "Upgrade task {TaskId} failed: rolling back as task {RollbackId}")]
    private static partial void LogRollingBack(ILogger logger, string taskId, string rollbackId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upgrade task {TaskId} failed and could not be rolled back: {Error}")]
    private static partial void LogRollbackTrouble(ILogger logger, string taskId, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} ended {Status}")]
    private static partial void LogFinished(ILogger logger, string taskId, string status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId}: could not ask the runtime about its operation: {Error}")]
    private static partial void LogFollowTrouble(ILogger logger, string taskId, string error);
}
