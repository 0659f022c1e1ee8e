using Market.Application.Common.Interfaces;
using Market.Application.Tasks.Engine;
using Mediator;

namespace Market.Application.Tasks.Commands.TimeOutTask;

public sealed class TimeOutTaskCommandHandler(IMarketDbContext db, TimeProvider clock) : ICommandHandler<TimeOutTaskCommand, EndedTask?>
{
    public async ValueTask<EndedTask?> Handle(TimeOutTaskCommand command, CancellationToken cancellationToken)
    {
        var task = await TaskRows.TaskAsync(db, command.TaskId, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        if (task is null || !task.IsActive || task.LeaseOwner != command.HostId || now - task.InStateSince <= command.StuckAfter)
        {
            return null;
        }

        var app = await TaskRows.AppOfAsync(db, task, cancellationToken);
        task.TimeOut(app, command.StuckAfter, now);
        if (TaskHistory.Finished(task, now) is { } record)
        {
            db.HistoryRecords.Add(record);
        }

        await db.SaveChangesAsync(cancellationToken);
        return new EndedTask(task, app);
    }
}
