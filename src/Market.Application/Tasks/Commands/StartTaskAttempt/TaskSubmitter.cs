using Market.Application.Apps.Operations;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Market.Application.Common.Runtime;
using Market.Application.Tasks.Commands.RecordAcceptance;
using Market.Application.Tasks.Commands.RejectTask;
using Market.Application.Tasks.Commands.ReleaseTask;
using Market.Application.Tasks.Engine;
using Market.Application.Tasks.Queries.PrepareSubmission;
using Market.Domain.Apps;
using Market.Domain.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Market.Application.Tasks.Commands.StartTaskAttempt;

/// <summary>
/// Hands a claimed task to the runtime exactly once and records the runtime's operation id before
/// anything else. A task claimed before (its host died) first asks the runtime whether it already has
/// the operation. A refusal (4xx) fails the task at once, keeping the runtime's <c>backend_response</c>;
/// an unreachable runtime releases it for a retry with backoff until the last attempt. Each database step is a
/// command sent in a fresh scope and saved by the unit of work.
/// </summary>
public sealed partial class TaskSubmitter(
    IScopedSender steps,
    IAppRuntime runtime,
    TaskAnnouncer announcer,
    TimeProvider clock,
    IOptions<TasksOptions> options,
    ILogger<TaskSubmitter> logger)
{
    public const string SecretsLostMessage = PrepareSubmissionQueryHandler.SecretsLostMessage;

    private static readonly TimeSpan CancelTargetRetry = TimeSpan.FromMilliseconds(200);

    /// <summary>Submits the task held by <paramref name="hostId"/>; the operation id, or null when the task did not reach the runtime (yet).</summary>
    public async Task<string?> SubmitAsync(string taskId, TaskRequest request, string hostId, SemaphoreSlim submitGate, CancellationToken cancellationToken)
    {
        var task = await steps.SendAsync(new StartTaskAttemptCommand(taskId, hostId), cancellationToken);
        if (task is null)
        {
            return null;
        }

        if (task.Attempts == 1)
        {
            await announcer.StartedAsync(task, cancellationToken);
        }

        var prepared = await steps.QueryAsync(new PrepareSubmissionQuery(task, request), cancellationToken);
        if (prepared.WaitForTarget)
        {
            // The install is not at the runtime yet; cancel it once the runtime knows it.
            await steps.SendAsync(new ReleaseTaskCommand(taskId, Now + CancelTargetRetry, Postpone: true), cancellationToken);
            return null;
        }

        if (prepared.Operation is not { } operation)
        {
            await RejectAsync(taskId, request, null, prepared.RefusedBecause!, cancellationToken);
            return null;
        }

        if (task.Attempts > 1)
        {
            // A host may have died between the runtime accepting and us recording: never submit twice.
            var known = await CallRuntimeAsync(() => runtime.FindSubmittedAsync(operation, cancellationToken), task, request, cancellationToken);
            if (known.Failed)
            {
                return null;
            }

            if (known.Value is not null)
            {
                return await RecordAcceptedAsync(taskId, request, RuntimeSubmission.Accept(known.Value, string.Empty));
            }
        }

        await submitGate.WaitAsync(cancellationToken);
        (bool Failed, RuntimeSubmission? Value) submitted;
        try
        {
            submitted = await CallRuntimeAsync(() => runtime.SubmitAsync(operation, cancellationToken), task, request, cancellationToken);
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
            await RejectAsync(taskId, request, submission, submission.Accepted ? "opID not found in response data" : submission.Error, cancellationToken);
            return null;
        }

        return await RecordAcceptedAsync(taskId, request, submission);
    }

    /// <summary>Calls the runtime; transient trouble releases the task for a retry with backoff (or fails it after the last attempt).</summary>
    private async Task<(bool Failed, T? Value)> CallRuntimeAsync<T>(Func<Task<T>> call, AppTask task, TaskRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return (false, await call());
        }
        catch (RuntimeUnavailableException ex)
        {
            // Stop and resume answer a waiting caller: fail at once, like the original.
            if (task.Type is OpType.Stop or OpType.Resume || task.Attempts >= options.Value.MaxSubmitAttempts)
            {
                LogGaveUp(logger, task.Id, task.Attempts, ex.Message);
                await RejectAsync(task.Id, request, null, ex.Message, cancellationToken, unreachable: true);
            }
            else
            {
                var delay = TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, task.Attempts - 1)));
                LogRetrying(logger, task.Id, task.Attempts, delay.TotalSeconds, ex.Message);
                await steps.SendAsync(new ReleaseTaskCommand(task.Id, Now + delay, Reason: $"runtime unavailable on attempt {task.Attempts}: {ex.Message}"), cancellationToken);
            }

            return (true, default);
        }
    }

    private async Task<string> RecordAcceptedAsync(string taskId, TaskRequest request, RuntimeSubmission submission)
    {
        // Once accepted, the id must be kept whatever happens next (not canceled with the caller).
        var task = await steps.SendAsync(new RecordAcceptanceCommand(taskId, request, submission), CancellationToken.None);
        if (task is not null)
        {
            announcer.Accepted(task);
        }

        LogAccepted(logger, taskId, submission.OperationId!);
        return submission.OperationId!;
    }

    /// <summary>The operation never started: refused by the runtime, unreachable for too long, or impossible to submit.</summary>
    private async Task RejectAsync(string taskId, TaskRequest request, RuntimeSubmission? submission, string error, CancellationToken cancellationToken, bool unreachable = false)
    {
        var ended = await steps.SendAsync(new RejectTaskCommand(taskId, request, submission, error, unreachable), cancellationToken);
        if (ended is not null)
        {
            LogRefused(logger, taskId, error);
            await announcer.EndedAsync(ended.Task, ended.App, cancellationToken);
        }
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
