using Market.Application.Apps.Models;
using Market.Application.Apps.Operations;
using Market.Application.Apps.Commands.InstallApp;
using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Market.Domain.Apps;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Market.Application.Apps.Commands.CloneApp;

public sealed class CloneAppCommandHandler(
    IMarketDbContext db,
    IAppPurchaseGate purchases,
    OperationStarter starter,
    OperationResponder responder,
    IOptions<SystemOptions> system) : ICommandHandler<CloneAppCommand, OperationAnswer>
{
    public async ValueTask<OperationAnswer> Handle(CloneAppCommand command, CancellationToken cancellationToken)
    {
        var messages = OperationMessages.Clone;
        if (await responder.ReplayAsync(command.User, command.IdempotencyKey, command.Sync, messages, cancellationToken) is { } replay)
        {
            return replay;
        }

        var source = command.Source!;
        var rawName = command.AppName!;
        var catalog = await CatalogAppLookup.FindAsync(db, command.User, source, rawName, cancellationToken)
            ?? throw new NotFoundException(CatalogAppLookup.NotFoundMessage);
        if (!await purchases.MayInstallAsync(command.User, catalog, cancellationToken))
        {
            throw new ForbiddenException(InstallAppCommandHandler.PurchaseRequired);
        }

        var original = await db.UserApps.AsNoTracking().FirstOrDefaultAsync(a => a.UserId == command.User && a.AppName == rawName, cancellationToken);
        UserApp.EnsureClonable(original, rawName, source);

        var manifest = ManifestEntry.Parse(catalog);
        var requestedEnvs = command.Envs?.Select(e => e.ToDomain()).ToList() ?? [];
        var titles = command.Entrances?.Select(e => e.ToDomain()).ToList() ?? [];
        var title = command.Title ?? string.Empty;
        var identity = CloneIdentity.Of(source, rawName, title, requestedEnvs, titles);
        var (envs, secrets) = TaskRequest.SplitEnvs(requestedEnvs, manifest.Envs);
        var request = new TaskRequest
        {
            Source = source,
            Version = original.InstalledVersion,
            Title = title,
            CfgType = manifest.CfgType,
            RequestHash = identity.RequestHash,
            Envs = envs,
            Entrances = titles.Select(t => new StoredEntrance { Name = t.Name, Title = t.Title }).ToList(),
            DeclaredEnvs = manifest.Envs.Select(StoredDeclaredEnv.From).ToList(),
        };
        var entrances = AppEntrance.ForApp(manifest.Entrances, identity.AppName, EntranceUrls.ZoneOf(system.Value.UserZone, command.User), titles);
        var plan = new OperationPlan(command.User, OpTypes.Clone, identity.AppName, request,
            (app, draft) => app.BeginClone(identity, original, title, entrances, draft))
        {
            NewAppChartName = rawName,
            Secrets = secrets,
        };
        var task = await starter.StartAsync(plan, command.IdempotencyKey, cancellationToken);
        return await responder.AnswerAsync(task, command.Sync, messages, cancellationToken);
    }
}
