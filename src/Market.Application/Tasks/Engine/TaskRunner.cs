using Market.Application.Apps.Operations;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Market.Domain.Apps;
using Market.Domain.Tasks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Market.Application.Tasks.Engine;

/// <summary>
/// Carries one claimed task through: submit once (recording the runtime's operation id before anything
/// else), then follow the operation until the runtime says it really ended, mirroring every state into
/// the user's app. A task that already has an operation id (restart, lost lease) is only followed.
/// Every database step runs in its own scope: a follow can last minutes.
/// </summary>
public sealed partial class TaskRunner(
    IServiceScopeFactory scopes,
    IAppRuntime runtime,
    AppStatePublisher states,
    TaskEventPublisher points,
    ITaskSecretVault vault,
    ITaskQueue queue,
    TimeProvider clock,
    IOptions<TasksOptions> options,
    ILogger<TaskRunner> logger)
{
    private const int MaxWriteAttempts = 8;
    private static readonly TimeSpan CancelTargetRetry = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxFollowBackoff = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan OwnershipCheckInterval = TimeSpan.FromSeconds(5);

    public const string SecretsLostMessage =
        "secret env values were lost before the operation reached the runtime (the service restarted); please start the operation again";

    /// <summary>Runs the task while this host holds its lease; returns when it ended, was released for a retry, or the token fired.</summary>
    public async Task RunAsync(string taskId, string hostId, SemaphoreSlim submitGate, CancellationToken cancellationToken)
    {
        var (task, request) = await LoadAsync(taskId, cancellationToken);
        if (task is null || !task.IsActive || task.LeaseOwner != hostId)
        {
            return;
        }

        var operationId = task.OperationId;
        var targetOperationId = await TargetOperationIdAsync(request, cancellationToken);
        if (operationId is null)
        {
            operationId = await SubmitAsync(taskId, hostId, submitGate, cancellationToken);
            if (operationId is null)
            {
                return;
            }

            (task, request) = await LoadAsync(taskId, cancellationToken);
            targetOperationId = await TargetOperationIdAsync(request, cancellationToken);
        }

        await FollowAsync(request.ToOperation(task!, null, targetOperationId), operationId, hostId, cancellationToken);
    }

    private async Task<string?> SubmitAsync(string taskId, string hostId, SemaphoreSlim submitGate, CancellationToken cancellationToken)
    {
        AppTask task;
        TaskRequest request;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IMarketDbContext>();
            task = (await db.AppTasks.FirstOrDefaultAsync(t => t.Id == taskId, cancellationToken))!;
            if (task is null || !task.IsActive || task.LeaseOwner != hostId)
            {
                return null;
            }

            request = TaskRequest.Read(task.RequestJson);
            task.Start(Now);
            await db.SaveChangesAsync(cancellationToken);
        }

        if (task.Attempts == 1)
        {
            await points.ExecuteAsync(task, cancellationToken);
        }

        var secrets = vault.Get(task.Id);
        if (request.HasSecrets && secrets is null)
        {
            await EndBeforeAcceptanceAsync(taskId, null, SecretsLostMessage, cancellationToken);
            return null;
        }

        string? targetOperationId = null;
        if (task.Type == OpTypes.Cancel)
        {
            var target = await TargetAsync(request, cancellationToken);
            if (target is null || TaskStatuses.IsFinal(target.Status))
            {
                await EndBeforeAcceptanceAsync(taskId, null, $"No installation of app {task.AppName} is in progress", cancellationToken);
                return null;
            }

            if (target.OperationId is null)
            {
                // The install is not at the runtime yet; cancel it once the runtime knows it.
                await ReleaseAsync(taskId, Now + CancelTargetRetry, undoAttempt: true, cancellationToken);
                return null;
            }

            targetOperationId = target.OperationId;
        }

        var operation = request.ToOperation(task, secrets, targetOperationId);
        if (task.Attempts > 1)
        {
            // A host may have died between the runtime accepting and us recording: never submit twice.
            var known = await CallRuntimeAsync(() => runtime.FindSubmittedAsync(operation, cancellationToken), taskId, task, cancellationToken);
            if (known.Failed)
            {
                return null;
            }

            if (known.Value is not null)
            {
                return await RecordAcceptedAsync(taskId, request, RuntimeSubmission.Accept(known.Value, string.Empty), cancellationToken);
            }
        }

        await submitGate.WaitAsync(cancellationToken);
        (bool Failed, RuntimeSubmission? Value) submitted;
        try
        {
            submitted = await CallRuntimeAsync(() => runtime.SubmitAsync(operation, cancellationToken), taskId, task, cancellationToken);
        }
        finally
        {
            submitGate.Release();
        }

        if (submitted.Failed)
        {
            return null;
        }

        var submission = submitted.Value!;
        if (!submission.Accepted || string.IsNullOrEmpty(submission.OperationId))
        {
            var error = submission.Accepted ? "opID not found in response data" : submission.Error;
            await EndBeforeAcceptanceAsync(taskId, submission, error, cancellationToken);
            return null;
        }

        return await RecordAcceptedAsync(taskId, request, submission, cancellationToken);
    }

    /// <summary>Calls the runtime; transient trouble releases the task for a retry with backoff (or fails it after the last attempt).</summary>
    private async Task<(bool Failed, T? Value)> CallRuntimeAsync<T>(Func<Task<T>> call, string taskId, AppTask task, CancellationToken cancellationToken)
    {
        try
        {
            return (false, await call());
        }
        catch (RuntimeUnavailableException ex)
        {
            // Stop and resume answer a waiting caller: fail at once, like the original.
            if (task.Type is OpTypes.Stop or OpTypes.Resume || task.Attempts >= options.Value.MaxSubmitAttempts)
            {
                LogGaveUp(logger, taskId, task.Attempts, ex.Message);
                await EndBeforeAcceptanceAsync(taskId, null, ex.Message, cancellationToken);
            }
            else
            {
                var delay = TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, task.Attempts - 1)));
                LogRetrying(logger, taskId, task.Attempts, delay.TotalSeconds, ex.Message);
                await ReleaseAsync(taskId, Now + delay, undoAttempt: false, cancellationToken);
            }

            return (true, default);
        }
    }

    private async Task<string> RecordAcceptedAsync(string taskId, TaskRequest request, RuntimeSubmission submission, CancellationToken cancellationToken)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IMarketDbContext>();
            var task = await db.AppTasks.FirstAsync(t => t.Id == taskId, cancellationToken);
            task.RecordOperation(submission.OperationId!, TaskResults.Accepted(task, request, submission), Now);
            await db.SaveChangesAsync(CancellationToken.None); // once accepted, the id must be kept whatever happens next
        }

        vault.Remove(taskId);
        queue.NotifySettled(taskId);
        LogAccepted(logger, taskId, submission.OperationId!);
        return submission.OperationId!;
    }

    /// <summary>The operation never started: refused by the runtime, unreachable for too long, or impossible to submit.</summary>
    private async Task EndBeforeAcceptanceAsync(string taskId, RuntimeSubmission? submission, string error, CancellationToken cancellationToken)
    {
        AppTask? task = null;
        UserApp? app = null;
        for (var attempt = 1; attempt <= MaxWriteAttempts; attempt++)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<IMarketDbContext>();
            task = await db.AppTasks.FirstAsync(t => t.Id == taskId, cancellationToken);
            if (!task.IsActive)
            {
                return;
            }

            var request = TaskRequest.Read(task.RequestJson);
            var now = Now;
            app = await db.UserApps.FirstOrDefaultAsync(a => a.UserId == task.UserId && a.AppName == task.AppName, cancellationToken);
            task.Reject(app, error, submission is null ? null : TaskResults.BackendResponse(submission).ToJsonString(),
                TaskResults.Rejected(task, request, submission, error), request.PriorState, now);
            AddHistory(db, TaskHistory.Finished(task, now));
            if (await TrySaveAsync(db, cancellationToken))
            {
                break;
            }
        }

        vault.Remove(taskId);
        LogRefused(logger, taskId, error);
        await AnnounceEndAsync(task!, app, cancellationToken);
    }

    private async Task FollowAsync(RuntimeOperation operation, string operationId, string hostId, CancellationToken cancellationToken)
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
                var backoff = TimeSpan.FromMilliseconds(Math.Min(MaxFollowBackoff.TotalMilliseconds, runtime.PollInterval.TotalMilliseconds * Math.Pow(2, failures)));
                LogFollowTrouble(logger, operation.TaskId, ex.Message);
                await Task.Delay(backoff, clock, cancellationToken);
                continue;
            }

            if (status.Outcome != OperationOutcome.InProgress)
            {
                // The final state, the outcome and the version land together, in one transaction.
                await FinishAsync(operation, status, hostId, cancellationToken);
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
                var (current, _) = await LoadAsync(operation.TaskId, cancellationToken);
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
        for (var attempt = 1; attempt <= MaxWriteAttempts; attempt++)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<IMarketDbContext>();
            var app = await db.UserApps.FirstOrDefaultAsync(a => a.UserId == operation.User && a.AppName == operation.AppName, cancellationToken);
            if (app is null)
            {
                return;
            }

            if (!app.ApplyRuntimeState(operation.Type, status.ToReport(), Now))
            {
                return;
            }

            if (await TrySaveAsync(db, cancellationToken))
            {
                await states.PublishAsync(app, cancellationToken);
                return;
            }
        }
    }

    /// <summary>The operation really ended: one transaction for the task's outcome, the app's final state and the history.</summary>
    private async Task FinishAsync(RuntimeOperation operation, RuntimeOperationStatus status, string hostId, CancellationToken cancellationToken)
    {
        AppTask? task = null;
        AppTask? canceledTarget = null;
        UserApp? app = null;
        for (var attempt = 1; attempt <= MaxWriteAttempts; attempt++)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<IMarketDbContext>();
            task = await db.AppTasks.FirstAsync(t => t.Id == operation.TaskId, cancellationToken);
            if (!task.IsActive || task.LeaseOwner != hostId)
            {
                return;
            }

            app = await db.UserApps.FirstOrDefaultAsync(a => a.UserId == task.UserId && a.AppName == task.AppName, cancellationToken);
            var now = Now;
            task.Finish(app, status.ToReport(), status.Outcome, now);
            canceledTarget = task.Type == OpTypes.Cancel && status.Outcome == OperationOutcome.Completed
                ? await CancelTargetAsync(db, task, now, cancellationToken)
                : null;
            AddHistory(db, TaskHistory.Finished(task, now));
            if (await TrySaveAsync(db, cancellationToken))
            {
                break;
            }
        }

        LogFinished(logger, task!.Id, task.Status);
        await AnnounceEndAsync(task, app, cancellationToken);
        if (canceledTarget is not null)
        {
            await AnnounceEndAsync(canceledTarget, null, cancellationToken);
        }
    }

    /// <summary>A successful cancel ends the operation it canceled, whether or not that task's host noticed yet.</summary>
    private static async Task<AppTask?> CancelTargetAsync(IMarketDbContext db, AppTask cancel, DateTime now, CancellationToken cancellationToken)
    {
        var targetId = TaskRequest.Read(cancel.RequestJson).TargetTaskId;
        var target = targetId is null ? null : await db.AppTasks.FirstOrDefaultAsync(t => t.Id == targetId, cancellationToken);
        if (target is null || !target.IsActive)
        {
            return null;
        }

        target.CanceledBy(cancel, now);
        AddHistory(db, TaskHistory.Finished(target, now));
        return target;
    }

    private async Task AnnounceEndAsync(AppTask task, UserApp? app, CancellationToken cancellationToken)
    {
        if (app is not null)
        {
            await states.PublishAsync(app, cancellationToken);
        }

        await points.FinishedAsync(task, cancellationToken);
        queue.NotifySettled(task.Id);
    }

    private async Task ReleaseAsync(string taskId, DateTime? retryAt, bool undoAttempt, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IMarketDbContext>();
        var task = await db.AppTasks.FirstAsync(t => t.Id == taskId, cancellationToken);
        if (undoAttempt)
        {
            task.Postpone(retryAt!.Value, Now);
        }
        else
        {
            task.Release(retryAt, Now);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<(AppTask? Task, TaskRequest Request)> LoadAsync(string taskId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IMarketDbContext>();
        var task = await db.AppTasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == taskId, cancellationToken);
        return (task, TaskRequest.Read(task?.RequestJson ?? string.Empty));
    }

    private async Task<AppTask?> TargetAsync(TaskRequest request, CancellationToken cancellationToken)
    {
        if (request.TargetTaskId is null)
        {
            return null;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IMarketDbContext>();
        return await db.AppTasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == request.TargetTaskId, cancellationToken);
    }

    private async Task<string?> TargetOperationIdAsync(TaskRequest request, CancellationToken cancellationToken) =>
        request.TargetTaskId is null ? null : (await TargetAsync(request, cancellationToken))?.OperationId;

    private static void AddHistory(IMarketDbContext db, Domain.History.HistoryRecord? record)
    {
        if (record is not null)
        {
            db.HistoryRecords.Add(record);
        }
    }

    /// <summary>Saves; false when another task changed the same app meanwhile (the caller reloads and re-applies).</summary>
    private static async Task<bool> TrySaveAsync(IMarketDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
    }

    private static bool SameReport(RuntimeOperationStatus a, RuntimeOperationStatus b) =>
        a.State == b.State && a.Progress == b.Progress && a.Reason == b.Reason && a.Message == b.Message && a.Outcome == b.Outcome
        && (a.EntranceStates ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal)
            .SequenceEqual((b.EntranceStates ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal));

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} accepted by the runtime as operation {OperationId}")]
    private static partial void LogAccepted(ILogger logger, string taskId, string operationId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} ended {Status}")]
    private static partial void LogFinished(ILogger logger, string taskId, string status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} failed before the runtime accepted it: {Error}")]
    private static partial void LogRefused(ILogger logger, string taskId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId}: runtime unavailable on attempt {Attempt}, retrying in {DelaySeconds} s: {Error}")]
    private static partial void LogRetrying(ILogger logger, string taskId, int attempt, double delaySeconds, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId}: runtime unavailable after {Attempts} attempts: {Error}")]
    private static partial void LogGaveUp(ILogger logger, string taskId, int attempts, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId}: could not ask the runtime about its operation: {Error}")]
    private static partial void LogFollowTrouble(ILogger logger, string taskId, string error);
}
