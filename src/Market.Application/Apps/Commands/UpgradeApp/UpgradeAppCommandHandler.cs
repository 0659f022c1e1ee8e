using Market.Application.Apps.Commands.InstallApp;
using Market.Application.Apps.Models;
using Market.Application.Apps.Operations;
using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Market.Domain.Apps;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Market.Application.Apps.Commands.UpgradeApp;

public sealed class UpgradeAppCommandHandler(
    IMarketDbContext db,
    IAppPurchaseGate purchases,
    OperationStarter starter,
    OperationResponder responder,
    IOptions<SystemOptions> system) : ICommandHandler<UpgradeAppCommand, OperationAnswer>
{
    public async ValueTask<OperationAnswer> Handle(UpgradeAppCommand command, CancellationToken cancellationToken)
    {
        var messages = OperationMessages.Upgrade;
        if (await responder.ReplayAsync(command.User, command.IdempotencyKey, command.Sync, messages, cancellationToken) is { } replay)
        {
            return replay;
        }

        var source = command.Source!;
        var name = command.AppName!;
        var installed = await db.UserApps.AsNoTracking().FirstOrDefaultAsync(a => a.UserId == command.User && a.AppName == name, cancellationToken)
            ?? throw new NotFoundException(CatalogAppLookup.NotFoundMessage);
        var rawName = installed.ChartName;
        var catalog = await CatalogAppLookup.FindAsync(db, command.User, source, rawName, cancellationToken);
        if (catalog is null || catalog.Version != command.Version)
        {
            throw new NotFoundException(CatalogAppLookup.NotFoundMessage);
        }

        if (!await purchases.MayInstallAsync(command.User, catalog, cancellationToken))
        {
            throw new ForbiddenException(InstallAppCommandHandler.PurchaseRequired);
        }

        var manifest = ManifestEntry.Parse(catalog);
        var (envs, secrets) = TaskRequest.SplitEnvs(command.Envs?.Select(e => e.ToDomain()) ?? [], manifest.Envs);
        var request = new TaskRequest
        {
            Source = source,
            Version = catalog.Version,
            Title = installed.IsClone ? installed.Title : manifest.Title,
            CfgType = manifest.CfgType,
            Envs = envs,
            DeclaredEnvs = manifest.Envs.Select(StoredDeclaredEnv.From).ToList(),
        };

        var entrances = AppEntrance.ForApp(manifest.Entrances, name, EntranceUrls.ZoneOf(system.Value.UserZone, command.User));
        var listing = new AppListing(source, installed.AppId, catalog.Version, manifest.Title, manifest.Icon, entrances);
        var plan = new OperationPlan(command.User, OpTypes.Upgrade, name, request, (app, draft) => app.BeginUpgrade(listing, draft)) { Secrets = secrets };
        var task = await starter.StartAsync(plan, command.IdempotencyKey, cancellationToken);
        return await responder.AnswerAsync(task, command.Sync, messages, cancellationToken);
    }
}
