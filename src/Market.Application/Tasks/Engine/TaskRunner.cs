using System.Diagnostics;
using Market.Application.Apps.Operations;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Runtime;
using Market.Application.Common.Telemetry;
using Market.Application.Tasks.Commands.ApplyRuntimeReport;
using Market.Application.Tasks.Commands.StartTaskAttempt;
using Market.Application.Tasks.Queries.FindTask;
using Market.Domain.Apps;
using Market.Domain.Tasks;

namespace Market.Application.Tasks.Engine;

/// <summary>
/// Carries one claimed task through: submit once (<see cref="TaskSubmitter"/>), then follow the operation
/// until it really ended (<see cref="TaskFollower"/>). A task that already has an operation id (restart,
/// lost lease) is only followed, never submitted again. Each run is one activity (a task attempt), a child
/// of the request that created the task, so the runtime calls made within it join that request's trace.
/// </summary>
public sealed class TaskRunner(IScopedSender steps, TaskSubmitter submitter, TaskFollower follower) : ITaskEngine
{
    public const string SecretsLostMessage = TaskSubmitter.SecretsLostMessage;

    /// <summary>Runs the task while this host holds its lease; returns when it ended, was released for a retry, or the token fired.</summary>
    public async Task RunAsync(string taskId, string hostId, SemaphoreSlim submitGate, CancellationToken cancellationToken)
    {
        var task = await steps.QueryAsync(new FindTaskQuery(taskId), cancellationToken);
        if (task is null || !task.IsActive || task.LeaseOwner != hostId)
        {
            return;
        }

        var attempt = task.OperationId is null ? task.Attempts + 1 : task.Attempts;
        using var activity = MarketTelemetry.StartTaskAttempt(task.Id, task.Type.ToWire(), attempt, task.TraceParent);
        try
        {
            await RunClaimedAsync(task, hostId, submitGate, cancellationToken);
        }
        finally
        {
            if (activity is not null)
            {
                await TagOutcomeAsync(activity, taskId);
            }
        }
    }

    /// <summary>The outcome of the attempt: the task's status as it stands now (running when released for a retry).</summary>
    private async Task TagOutcomeAsync(Activity activity, string taskId)
    {
        try
        {
            var outcome = await steps.QueryAsync(new FindTaskQuery(taskId), CancellationToken.None);
            activity.SetTag("market.task.status", outcome?.Status.ToWire());
            if (outcome?.Status == AppTaskStatus.Failed)
            {
                activity.SetStatus(ActivityStatusCode.Error);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The database is away: the span goes without its outcome rather than hide what ended the attempt.
            activity.SetStatus(ActivityStatusCode.Error, "task outcome unknown");
        }
    }

    private async Task RunClaimedAsync(AppTask task, string hostId, SemaphoreSlim submitGate, CancellationToken cancellationToken)
    {
        // The stored request is read once per attempt; it does not change after the task was created.
        var taskId = task.Id;
        var request = TaskRequest.Read(task.RequestJson);
        var operationId = task.OperationId ?? await submitter.SubmitAsync(taskId, request, hostId, submitGate, cancellationToken);
        if (operationId is null)
        {
            return;
        }

        if (task.OperationId is null)
        {
            // Just submitted: follow the task as it was recorded (started at, attempts).
            var submitted = await steps.QueryAsync(new FindTaskQuery(taskId), cancellationToken);
            if (submitted is null)
            {
                return;
            }

            task = submitted;
        }

        var target = await steps.QueryAsync(new FindTaskQuery(task.CancelsTaskId), cancellationToken);
        await follower.FollowAsync(request.ToOperation(task, null, target?.OperationId), operationId, hostId, cancellationToken);
    }
}
