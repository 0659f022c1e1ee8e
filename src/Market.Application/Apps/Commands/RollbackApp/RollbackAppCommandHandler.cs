using Market.Application.Apps.Models;
using Market.Application.Apps.Operations;
using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Market.Domain.Apps;
using Market.Domain.Tasks;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Apps.Commands.RollbackApp;

public sealed class RollbackAppCommandHandler(IMarketDbContext db, RollbackStarter starter, OperationResponder responder)
    : ICommandHandler<RollbackAppCommand, OperationAnswer>
{
    public async ValueTask<OperationAnswer> Handle(RollbackAppCommand command, CancellationToken cancellationToken)
    {
        var upgrade = await db.AppTasks
            .Where(t => t.UserId == command.User && t.AppName == command.AppName && t.Type == OpType.Upgrade && t.PreviousVersion != string.Empty)
            .Where(t => t.Status == AppTaskStatus.Completed || t.Status == AppTaskStatus.Failed)
            .OrderByDescending(t => t.CreatedAt)
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException($"App {command.AppName} has no upgrade to roll back");
        var task = await starter.StartAsync(upgrade, "requested by the user", command.IdempotencyKey, cancellationToken);
        return await responder.AnswerAsync(task, command.Sync, OperationMessages.Rollback, cancellationToken);
    }
}
