using Market.Application.Common.Interfaces;
using Market.Application.Tasks.Engine;
using Market.Domain.Tasks;
using Mediator;

namespace Market.Application.Tasks.Commands.RecordAcceptance;

public sealed class RecordAcceptanceCommandHandler(IMarketDbContext db, TimeProvider clock) : ICommandHandler<RecordAcceptanceCommand, AppTask?>
{
    public async ValueTask<AppTask?> Handle(RecordAcceptanceCommand command, CancellationToken cancellationToken)
    {
        var task = await TaskRows.TaskAsync(db, command.TaskId, cancellationToken);
        if (task is null)
        {
            return null;
        }

        var submission = command.Submission;
        task.RecordOperation(submission.OperationId!, TaskResults.Accepted(task, command.Request, submission), clock.GetUtcNow().UtcDateTime);
        await TaskSecretVault.DiscardAsync(db, task.Id, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return task;
    }
}
