using Market.Application.Common.Interfaces;
using Market.Application.Tasks.Engine;
using Mediator;

namespace Market.Application.Tasks.Commands.ReleaseTask;

public sealed class ReleaseTaskCommandHandler(IMarketDbContext db, TimeProvider clock) : ICommandHandler<ReleaseTaskCommand, bool>
{
    public async ValueTask<bool> Handle(ReleaseTaskCommand command, CancellationToken cancellationToken)
    {
        var task = await TaskRows.TaskAsync(db, command.TaskId, cancellationToken);
        if (task is null)
        {
            return false;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (command.Postpone)
        {
            task.Postpone(command.RetryAt, now);
        }
        else if (command.Reason is not null)
        {
            task.RecordRetry(command.Reason, command.RetryAt, now);
        }
        else
        {
            task.Release(command.RetryAt, now);
        }

        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
