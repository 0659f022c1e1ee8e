using Market.Application.Common.Interfaces;
using Market.Application.Tasks.Engine;
using Market.Domain.Tasks;
using Mediator;

namespace Market.Application.Tasks.Commands.StartTaskAttempt;

public sealed class StartTaskAttemptCommandHandler(IMarketDbContext db, TimeProvider clock) : ICommandHandler<StartTaskAttemptCommand, AppTask?>
{
    public async ValueTask<AppTask?> Handle(StartTaskAttemptCommand command, CancellationToken cancellationToken)
    {
        var task = await TaskRows.TaskAsync(db, command.TaskId, cancellationToken);
        if (task is null || !task.IsActive || task.LeaseOwner != command.HostId)
        {
            return null;
        }

        task.Start(clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        return task;
    }
}
