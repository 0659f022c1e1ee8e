using Market.Application.Apps.Models;
using Market.Application.Apps.Operations;
using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Runtime;
using Market.Domain.Apps;
using Market.Domain.Common;
using Market.Domain.Tasks;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Apps.Commands.CancelInstall;

public sealed class CancelInstallCommandHandler(IMarketDbContext db, OperationStarter starter, OperationResponder responder)
    : ICommandHandler<CancelInstallCommand, OperationAnswer>
{
    public const string NothingToCancel = "App not found or current state does not allow operation";

    public async ValueTask<OperationAnswer> Handle(CancelInstallCommand command, CancellationToken cancellationToken)
    {
        var app = await db.UserApps.AsNoTracking().FirstOrDefaultAsync(a => a.UserId == command.User && a.AppName == command.AppName, cancellationToken);
        var request = new TaskRequest { Source = app?.SourceId ?? string.Empty };
        var plan = new OperationPlan(command.User, OpType.Cancel, command.AppName, request, (current, draft) => current.BeginCancel(draft));
        AppTask task;
        try
        {
            task = await starter.StartAsync(plan, command.IdempotencyKey, cancellationToken);
        }
        catch (DomainException) when (command.NewerShape)
        {
            // 1.12.6+ clients match this exact text to tell "nothing to cancel" (newer-clients §4).
            throw new NotFoundException(NothingToCancel);
        }

        return await responder.AnswerAsync(task, command.Sync, OperationMessages.Cancel, cancellationToken);
    }
}
