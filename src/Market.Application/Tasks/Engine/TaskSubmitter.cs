using Market.Application.Apps.Operations;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Market.Application.Payments;
using Market.Domain.Apps;
using Market.Domain.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Market.Application.Tasks.Engine;

/// <summary>
/// Hands a claimed task to the runtime exactly once and records the runtime's operation id before
/// anything else. A task claimed before (its host died) first asks the runtime whether it already has
/// the operation. A refusal (4xx) fails the task at once, keeping the runtime's <c>backend_response</c>;
/// an unreachable runtime releases it for a retry with backoff until the last attempt.
/// </summary>
public sealed partial class TaskSubmitter(
    TaskUnitOfWork work,
    IAppRuntime runtime,
    TaskAnnouncer announcer,
    TaskSecretVault vault,
    IServiceScopeFactory scopes,
    TimeProvider clock,
    IOptions<TasksOptions> options,
    ILogger<TaskSubmitter> logger)
{
    public const string SecretsLostMessage =
        "secret env values were lost before the operation reached the runtime (the service restarted); please start the operation again";

    private static readonly TimeSpan CancelTargetRetry = TimeSpan.FromMilliseconds(200);

    /// <summary>Submits the task held by <paramref name="hostId"/>; the operation id, or null when the task did not reach the runtime (yet).</summary>
    public async Task<string?> SubmitAsync(string taskId, string hostId, SemaphoreSlim submitGate, CancellationToken cancellationToken)
    {
        var started = await work.ChangeAsync(taskId, (step, _) =>
        {
            if (!step.Task.IsActive || step.Task.LeaseOwner != hostId)
            {
                return ValueTask.FromResult(false);
            }

            step.Task.Start(Now);
            return ValueTask.FromResult(true);
        }, cancellationToken);
        if (started is null)
        {
            return null;
        }

        var task = started.Task;
        if (task.Attempts == 1)
        {
            await announcer.StartedAsync(task, cancellationToken);
        }

        var request = TaskRequest.Read(task.RequestJson);
        var secrets = request.HasSecrets ? await vault.OpenAsync(task.Id, cancellationToken) : null;
        if (request.HasSecrets && secrets is null)
        {
            await RejectAsync(taskId, null, SecretsLostMessage, cancellationToken);
            return null;
        }

        string? targetOperationId = null;
        if (task.Type == OpTypes.Cancel)
        {
            var target = await work.ReadAsync(request.TargetTaskId, cancellationToken);
            if (target is null || TaskStatuses.IsFinal(target.Status))
            {
                await RejectAsync(taskId, null, $"No installation of app {task.AppName} is in progress", cancellationToken);
                return null;
            }

            if (target.OperationId is null)
            {
                // The install is not at the runtime yet; cancel it once the runtime knows it.
                await work.ChangeAsync(taskId, (step, _) => Released(step, t => t.Postpone(Now + CancelTargetRetry, Now)), cancellationToken);
                return null;
            }

            targetOperationId = target.OperationId;
        }

        var operation = await OperationForAsync(task, request, secrets, targetOperationId, cancellationToken);
        if (task.Attempts > 1)
        {
            // A host may have died between the runtime accepting and us recording: never submit twice.
            var known = await CallRuntimeAsync(() => runtime.FindSubmittedAsync(operation, cancellationToken), task, cancellationToken);
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
            submitted = await CallRuntimeAsync(() => runtime.SubmitAsync(operation, cancellationToken), task, cancellationToken);
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
            await RejectAsync(taskId, submission, submission.Accepted ? "opID not found in response data" : submission.Error, cancellationToken);
            return null;
        }

        return await RecordAcceptedAsync(taskId, request, submission, cancellationToken);
    }

    /// <summary>
    /// What the runtime is sent: the stored request with the secret env values from the vault and, for a
    /// purchased app, its <c>VERIFIABLE_CREDENTIAL</c> read from the purchase now (never stored in the task).
    /// The one place where the env values of a submission are assembled.
    /// </summary>
    private Task<RuntimeOperation> OperationForAsync(
        AppTask task, TaskRequest request, IReadOnlyDictionary<string, string>? secrets, string? targetOperationId, CancellationToken cancellationToken) =>
        PurchaseCredentials.AddToAsync(scopes, request.ToOperation(task, secrets, targetOperationId), cancellationToken);

    /// <summary>Calls the runtime; transient trouble releases the task for a retry with backoff (or fails it after the last attempt).</summary>
    private async Task<(bool Failed, T? Value)> CallRuntimeAsync<T>(Func<Task<T>> call, AppTask task, CancellationToken cancellationToken)
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
                LogGaveUp(logger, task.Id, task.Attempts, ex.Message);
                await RejectAsync(task.Id, null, ex.Message, cancellationToken);
            }
            else
            {
                var delay = TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, task.Attempts - 1)));
                LogRetrying(logger, task.Id, task.Attempts, delay.TotalSeconds, ex.Message);
                await work.ChangeAsync(task.Id, (step, _) => Released(step, t => t.Release(Now + delay, Now)), cancellationToken);
            }

            return (true, default);
        }
    }

    private async Task<string> RecordAcceptedAsync(string taskId, TaskRequest request, RuntimeSubmission submission, CancellationToken cancellationToken)
    {
        // Once accepted, the id must be kept whatever happens next; the runtime has the secrets, so they go with it.
        var step = await work.ChangeAsync(taskId, async (step, ct) =>
        {
            step.Task.RecordOperation(submission.OperationId!, TaskResults.Accepted(step.Task, request, submission), Now);
            await TaskSecretVault.DiscardAsync(step.Db, taskId, ct);
            return true;
        }, cancellationToken, keepWhateverHappens: true);
        if (step is not null)
        {
            announcer.Accepted(step.Task);
        }

        LogAccepted(logger, taskId, submission.OperationId!);
        return submission.OperationId!;
    }

    /// <summary>The operation never started: refused by the runtime, unreachable for too long, or impossible to submit.</summary>
    private async Task RejectAsync(string taskId, RuntimeSubmission? submission, string error, CancellationToken cancellationToken)
    {
        var step = await work.ChangeAsync(taskId, async (step, ct) =>
        {
            if (!step.Task.IsActive)
            {
                return false;
            }

            var request = TaskRequest.Read(step.Task.RequestJson);
            var backendResponse = submission is null ? null : TaskResults.BackendResponse(submission).ToJsonString();
            var result = TaskResults.Rejected(step.Task, request, submission, error);
            step.Task.Reject(step.App, error, backendResponse, result, request.PriorState, Now);
            step.AddHistory(TaskHistory.Finished(step.Task, Now));
            await TaskSecretVault.DiscardAsync(step.Db, taskId, ct);
            return true;
        }, cancellationToken);
        if (step is not null)
        {
            LogRefused(logger, taskId, error);
            await announcer.EndedAsync(step.Task, step.App, cancellationToken);
        }
    }

    private static ValueTask<bool> Released(TaskStep step, Action<AppTask> release)
    {
        release(step.Task);
        return ValueTask.FromResult(true);
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} accepted by the runtime as operation {OperationId}")]
    private static partial void LogAccepted(ILogger logger, string taskId, string operationId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} failed before the runtime accepted it: {Error}")]
    private static partial void LogRefused(ILogger logger, string taskId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId}: runtime unavailable on attempt {Attempt}, retrying in {DelaySeconds} s: {Error}")]
    private static partial void LogRetrying(ILogger logger, string taskId, int attempt, double delaySeconds, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId}: runtime unavailable after {Attempts} attempts: {Error}")]
    private static partial void LogGaveUp(ILogger logger, string taskId, int attempts, string error);
}
