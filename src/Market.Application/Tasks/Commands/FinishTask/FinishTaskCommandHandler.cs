using Market.Application.Common.Interfaces;
using Market.Application.Notifications;
using Market.Application.Tasks.Engine;
using Market.Domain.Apps;
using Market.Domain.Tasks;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Tasks.Commands.FinishTask;

public sealed class FinishTaskCommandHandler(IMarketDbContext db, TimeProvider clock) : ICommandHandler<FinishTaskCommand, EndedTask?>
{
    public async ValueTask<EndedTask?> Handle(FinishTaskCommand command, CancellationToken cancellationToken)
    {
        var task = await TaskRows.TaskAsync(db, command.TaskId, cancellationToken);
        if (task is null || !task.IsActive || task.LeaseOwner != command.HostId)
        {
            return null;
        }

        var app = await TaskRows.AppOfAsync(db, task, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        task.Finish(app, command.Report, command.Outcome, now);
        AddHistory(task, now);
        var canceled = task.Type == OpType.Cancel && command.Outcome == OperationOutcome.Completed
            ? await EndCanceledInstallAsync(task, now, cancellationToken)
            : null;
        await TaskEndNotifications.EnqueueAsync(db, task, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return new EndedTask(task, app, canceled);
    }

    /// <summary>A successful cancel ends the install it canceled, whether or not that task's host noticed yet.</summary>
    private async Task<AppTask?> EndCanceledInstallAsync(AppTask cancel, DateTime now, CancellationToken cancellationToken)
    {
        var target = cancel.CancelsTaskId is null ? null : await db.AppTasks.FirstOrDefaultAsync(t => t.Id == cancel.CancelsTaskId, cancellationToken);
        if (target is null || !target.IsActive)
        {
            return null;
        }

        target.CanceledBy(cancel, now);
        AddHistory(target, now);
        return target;
    }

    private void AddHistory(AppTask task, DateTime now)
    {
        if (TaskHistory.Finished(task, now) is { } record)
        {
            db.HistoryRecords.Add(record);
        }
    }
}
