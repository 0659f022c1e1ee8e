using Market.Application.Apps.Models;
using Market.Application.Apps.Operations;
using Market.Application.Common.Interfaces;
using Market.Domain.Apps;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Apps.Commands.CancelInstall;

public sealed class CancelInstallCommandHandler(IMarketDbContext db, OperationStarter starter, OperationResponder responder)
    : ICommandHandler<CancelInstallCommand, OperationAnswer>
{
    public async ValueTask<OperationAnswer> Handle(CancelInstallCommand command, CancellationToken cancellationToken)
    {
        var app = await db.UserApps.AsNoTracking().FirstOrDefaultAsync(a => a.UserId == command.User && a.AppName == command.AppName, cancellationToken);
        var request = new TaskRequest { Source = app?.SourceId ?? string.Empty };
        var plan = new OperationPlan(command.User, OpTypes.Cancel, command.AppName, request, (current, draft) => current.BeginCancel(draft));
        var task = await starter.StartAsync(plan, command.IdempotencyKey, cancellationToken);
        return await responder.AnswerAsync(task, command.Sync, OperationMessages.Cancel, cancellationToken);
    }
}
