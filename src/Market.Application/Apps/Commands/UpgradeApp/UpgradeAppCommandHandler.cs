using Market.Application.Apps.Models;
using Market.Application.Apps.Operations;
using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Market.Domain.Apps;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Apps.Commands.UpgradeApp;

/// <summary>Moves an installed app (or a clone, by its own name) to another version of its chart.</summary>
public sealed class UpgradeAppCommandHandler(IMarketDbContext db, ChartOperationPreamble preamble, RollbackPointReader rollbackPoints, OperationStarter starter, OperationResponder responder)
    : ICommandHandler<UpgradeAppCommand, OperationAnswer>
{
    public async ValueTask<OperationAnswer> Handle(UpgradeAppCommand command, CancellationToken cancellationToken)
    {
        var name = command.AppName!;
        var installed = await db.UserApps.AsNoTracking().FirstOrDefaultAsync(a => a.UserId == command.User && a.AppName == name, cancellationToken)
            ?? throw new NotFoundException(CatalogAppLookup.NotFoundMessage);
        var chart = await preamble.PrepareAsync(command.User, command.Source!, installed.ChartName, command.Version, command.Envs, cancellationToken);
        // A clone keeps its own title.
        var request = installed.IsClone ? chart.Request with { Title = installed.Title } : chart.Request;
        var listing = chart.ListingFor(name, installed.AppId);
        var plan = new OperationPlan(command.User, OpType.Upgrade, name, request, (app, draft) => app.BeginUpgrade(listing, draft))
        {
            Secrets = chart.Secrets,
            Chart = chart.Chart,
            RollbackPoint = await rollbackPoints.ForAsync(installed, cancellationToken),
        };
        var task = await starter.StartAsync(plan, command.IdempotencyKey, cancellationToken);
        return await responder.AnswerAsync(task, command.Sync, OperationMessages.Upgrade, cancellationToken);
    }
}
