using Market.Application.Apps.Operations;

namespace Market.Application.Tasks.Engine;

/// <summary>
/// Carries one claimed task through: submit once (<see cref="TaskSubmitter"/>), then follow the operation
/// until it really ended (<see cref="TaskFollower"/>). A task that already has an operation id (restart,
/// lost lease) is only followed, never submitted again.
/// </summary>
public sealed class TaskRunner(TaskUnitOfWork work, TaskSubmitter submitter, TaskFollower follower)
{
    public const string SecretsLostMessage = TaskSubmitter.SecretsLostMessage;

    /// <summary>Runs the task while this host holds its lease; returns when it ended, was released for a retry, or the token fired.</summary>
    public async Task RunAsync(string taskId, string hostId, SemaphoreSlim submitGate, CancellationToken cancellationToken)
    {
        var task = await work.ReadAsync(taskId, cancellationToken);
        if (task is null || !task.IsActive || task.LeaseOwner != hostId)
        {
            return;
        }

        var operationId = task.OperationId ?? await submitter.SubmitAsync(taskId, hostId, submitGate, cancellationToken);
        if (operationId is null)
        {
            return;
        }

        if (task.OperationId is null)
        {
            // Just submitted: follow the task as it was recorded (started at, attempts).
            task = await work.ReadAsync(taskId, cancellationToken);
            if (task is null)
            {
                return;
            }
        }

        var request = TaskRequest.Read(task.RequestJson);
        var target = await work.ReadAsync(request.TargetTaskId, cancellationToken);
        await follower.FollowAsync(request.ToOperation(task, null, target?.OperationId), operationId, hostId, cancellationToken);
    }
}
