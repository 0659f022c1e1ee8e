using Market.Application.Common.Interfaces;
using Market.Application.Notifications;
using Market.Application.Tasks.Engine;
using Mediator;

namespace Market.Application.Tasks.Commands.RejectTask;

public sealed class RejectTaskCommandHandler(IMarketDbContext db, TimeProvider clock) : ICommandHandler<RejectTaskCommand, EndedTask?>
{
    public async ValueTask<EndedTask?> Handle(RejectTaskCommand command, CancellationToken cancellationToken)
    {
        var task = await TaskRows.TaskAsync(db, command.TaskId, cancellationToken);
        if (task is null || !task.IsActive)
        {
            return null;
        }

        var app = await TaskRows.AppOfAsync(db, task, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var backendResponse = command.Submission is null ? null : TaskResults.BackendResponse(command.Submission).ToJsonString();
        var result = TaskResults.Rejected(task, command.Request, command.Submission, command.Error);
        task.Reject(app, command.Error, RuntimeEvidence.Of(command.Submission, command.Error, command.Unreachable), backendResponse, result, now);
        if (TaskHistory.Finished(task, now) is { } record)
        {
            db.HistoryRecords.Add(record);
        }

        await TaskSecretVault.DiscardAsync(db, task.Id, cancellationToken);
        await TaskEndNotifications.EnqueueAsync(db, task, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return new EndedTask(task, app);
    }
}
