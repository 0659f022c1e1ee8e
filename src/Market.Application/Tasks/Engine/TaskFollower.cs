using Market.Application.Apps.Operations;
using Market.Application.Common.Interfaces;
using Market.Domain.Apps;
using Market.Domain.Tasks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Market.Application.Tasks.Engine;

/// <summary>
/// Follows an accepted operation by its id until the runtime says it really ended, mirroring every new
/// report into the user's app; then ends the task and the app together in one transaction. Works the
/// same after a restart: all it needs is the operation id.
/// </summary>
public sealed partial class TaskFollower(
    TaskUnitOfWork work,
    IAppRuntime runtime,
    TaskAnnouncer announcer,
    TimeProvider clock,
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
                var current = await work.ReadAsync(operation.TaskId, cancellationToken);
                if (current is null || !current.IsActive || current.LeaseOwner != hostId)
                {
                    return;
                }
            }

            await Task.Delay(runtime.PollInterval, clock, cancellationToken);
        }
    }

    /// <summary>Mirrors a runtime report into the app (stale or backwards reports are ignored by the domain).</summary>
    private async Task ApplyAsync(RuntimeOperation operation, RuntimeOperationStatus status, CancellationToken cancellationToken)
    {
        var step = await work.ChangeAsync(operation.TaskId, (step, _) =>
            ValueTask.FromResult(step.App is not null && step.App.ApplyRuntimeState(operation.Type, status.ToReport(), Now)), cancellationToken);
        if (step?.App is not null)
        {
            await announcer.AppChangedAsync(step.App, cancellationToken);
        }
    }

    /// <summary>The operation really ended: one transaction for the task's outcome, the app's final state and the history.</summary>
    private async Task FinishAsync(string taskId, RuntimeOperationStatus status, string hostId, CancellationToken cancellationToken)
    {
        var step = await work.ChangeAsync(taskId, async (step, ct) =>
        {
            if (!step.Task.IsActive || step.Task.LeaseOwner != hostId)
            {
                return false;
            }

            var now = Now;
            step.Task.Finish(step.App, status.ToReport(), status.Outcome, now);
            step.AddHistory(TaskHistory.Finished(step.Task, now));
            if (step.Task.Type == OpTypes.Cancel && status.Outcome == OperationOutcome.Completed)
            {
                step.Also = await EndCanceledInstallAsync(step, now, ct);
            }

            return true;
        }, cancellationToken);
        if (step is null)
        {
            return;
        }

        LogFinished(logger, step.Task.Id, step.Task.Status);
        await announcer.EndedAsync(step.Task, step.App, cancellationToken);
        if (step.Also is not null)
        {
            await announcer.EndedAsync(step.Also, null, cancellationToken);
        }
    }

    /// <summary>A successful cancel ends the install it canceled, whether or not that task's host noticed yet.</summary>
    private static async Task<AppTask?> EndCanceledInstallAsync(TaskStep step, DateTime now, CancellationToken cancellationToken)
    {
        var targetId = TaskRequest.Read(step.Task.RequestJson).TargetTaskId;
        var target = targetId is null ? null : await step.Db.AppTasks.FirstOrDefaultAsync(t => t.Id == targetId, cancellationToken);
        if (target is null || !target.IsActive)
        {
            return null;
        }

        target.CanceledBy(step.Task, now);
        step.AddHistory(TaskHistory.Finished(target, now));
        return target;
    }

    private static bool SameReport(RuntimeOperationStatus a, RuntimeOperationStatus b) =>
        a.State == b.State && a.Progress == b.Progress && a.Reason == b.Reason && a.Message == b.Message && a.Outcome == b.Outcome
        && (a.EntranceStates ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal)
            .SequenceEqual((b.EntranceStates ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal));

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} ended {Status}")]
    private static partial void LogFinished(ILogger logger, string taskId, string status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId}: could not ask the runtime about its operation: {Error}")]
    private static partial void LogFollowTrouble(ILogger logger, string taskId, string error);
}
