using Market.Application.Apps.Models;
using Market.Application.Apps.Operations;
using Market.Application.Apps.Queries.PreflightApp;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Runtime;
using Market.Domain.Apps;
using Market.Domain.Tasks;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Apps.Commands.CloneApp;

/// <summary>
/// Installs a second copy of an installed app under its own name (<see cref="CloneIdentity"/>), title and entrance
/// titles; with <c>templateClone</c>, a copy of a template app (which is never installed itself).
/// </summary>
public sealed class CloneAppCommandHandler(
    IMarketDbContext db, ChartOperationPreamble preamble, AppPreflight preflight, OperationStarter starter, OperationResponder responder, IMarketEventBus events)
    : ICommandHandler<CloneAppCommand, OperationAnswer>
{
    public async ValueTask<OperationAnswer> Handle(CloneAppCommand command, CancellationToken cancellationToken)
    {
        var source = command.Source!;
        var rawName = command.AppName!;
        var chart = await preamble.PrepareAsync(command.User, source, rawName, version: null, command.Envs, cancellationToken, gatePurchase: false);
        var title = command.Title ?? string.Empty;
        var titles = command.Entrances?.Select(e => e.ToDomain()).ToList() ?? [];
        var envs = command.Envs?.Select(e => e.ToDomain()).ToList() ?? [];
        var identity = CloneIdentity.Of(source, rawName, title, envs, titles);
        var report = await preflight.CheckAsync(command.User, chart, identity.AppName, envs, command.SelectedGpuType, isClone: true, cancellationToken);
        AppPreflight.Enforce(report);
        var entrances = chart.EntrancesFor(identity.AppName, titles);
        Func<UserApp, TaskDraft, AppTask> begin;
        string version;
        if (command.TemplateClone && chart.Manifest.TemplateOnly)
        {
            // A template body is never installed: its clones come straight from the catalog (newer-clients §2).
            var template = chart.ListingFor(identity.AppName, identity.AppId);
            version = chart.Catalog.Version;
            begin = (app, draft) => app.BeginTemplateClone(identity, template, title, entrances, draft);
        }
        else
        {
            var original = await db.UserApps.AsNoTracking().FirstOrDefaultAsync(a => a.UserId == command.User && a.AppName == rawName, cancellationToken);
            UserApp.EnsureClonable(original, rawName, source);
            version = original.InstalledVersion;
            begin = (app, draft) => app.BeginClone(identity, original, title, entrances, draft);
        }

        var request = chart.Request with
        {
            Version = version,
            Title = title,
            RequestHash = identity.RequestHash,
            Entrances = titles.Select(t => new StoredEntrance { Name = t.Name, Title = t.Title }).ToList(),
            SelectedGpuType = InstallApp.InstallAppCommandHandler.NullIfEmpty(command.SelectedGpuType),
        };
        var plan = new OperationPlan(command.User, OpType.Clone, identity.AppName, request, begin)
        {
            NewAppChartName = rawName,
            Secrets = chart.Secrets,
            Chart = version == chart.Catalog.Version ? chart.Chart : null, // a clone of an older installed version: its chart is not pinned
        };
        var task = await starter.StartAsync(plan, command.IdempotencyKey, cancellationToken);
        await events.PublishAsync(CloneReadyPoint.For(command.User, chart.Catalog, identity, rawName, title, chart.Request.Version.Length > 0 ? chart.Request.Version : chart.Catalog.Version), cancellationToken);
        return await responder.AnswerAsync(task, command.Sync, OperationMessages.Clone, cancellationToken, report.Blockers);
    }
}
