using Market.Application.Apps.Models;
using Market.Application.Apps.Operations;
using Market.Application.Common.Interfaces;
using Market.Domain.Apps;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Apps.Commands.CloneApp;

/// <summary>Installs a second copy of an installed app under its own name (<see cref="CloneIdentity"/>), title and entrance titles.</summary>
public sealed class CloneAppCommandHandler(IMarketDbContext db, ChartOperationPreamble preamble, OperationStarter starter, OperationResponder responder)
    : ICommandHandler<CloneAppCommand, OperationAnswer>
{
    public async ValueTask<OperationAnswer> Handle(CloneAppCommand command, CancellationToken cancellationToken)
    {
        var source = command.Source!;
        var rawName = command.AppName!;
        var chart = await preamble.PrepareAsync(command.User, source, rawName, version: null, command.Envs, cancellationToken);
        var original = await db.UserApps.AsNoTracking().FirstOrDefaultAsync(a => a.UserId == command.User && a.AppName == rawName, cancellationToken);
        UserApp.EnsureClonable(original, rawName, source);

        var title = command.Title ?? string.Empty;
        var titles = command.Entrances?.Select(e => e.ToDomain()).ToList() ?? [];
        var identity = CloneIdentity.Of(source, rawName, title, command.Envs?.Select(e => e.ToDomain()).ToList() ?? [], titles);
        chart.Request.Version = original.InstalledVersion;
        chart.Request.Title = title;
        chart.Request.RequestHash = identity.RequestHash;
        chart.Request.Entrances = titles.Select(t => new StoredEntrance { Name = t.Name, Title = t.Title }).ToList();
        var entrances = chart.EntrancesFor(identity.AppName, titles);
        var plan = new OperationPlan(command.User, OpTypes.Clone, identity.AppName, chart.Request,
            (app, draft) => app.BeginClone(identity, original, title, entrances, draft))
        {
            NewAppChartName = rawName,
            Secrets = chart.Secrets,
        };
        var task = await starter.StartAsync(plan, command.IdempotencyKey, cancellationToken);
        return await responder.AnswerAsync(task, command.Sync, OperationMessages.Clone, cancellationToken);
    }
}
