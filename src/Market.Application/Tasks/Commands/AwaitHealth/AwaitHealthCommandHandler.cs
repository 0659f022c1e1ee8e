using Market.Application.Common.Interfaces;
using Market.Application.Tasks.Engine;
using Mediator;

namespace Market.Application.Tasks.Commands.AwaitHealth;

public sealed class AwaitHealthCommandHandler(IMarketDbContext db, TimeProvider clock) : ICommandHandler<AwaitHealthCommand, DateTime?>
{
    public async ValueTask<DateTime?> Handle(AwaitHealthCommand command, CancellationToken cancellationToken)
    {
        var task = await TaskRows.TaskAsync(db, command.TaskId, cancellationToken);
        if (task is null || !task.IsActive || task.LeaseOwner != command.HostId)
        {
            return null;
        }

        if (task.HealthDeadline is { } deadline)
        {
            return deadline;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        deadline = task.AwaitHealth(now + command.Timeout, command.Detail, now);
        await db.SaveChangesAsync(cancellationToken);
        return deadline;
    }
}
