using Market.Application.Apps.Models;
using Market.Application.Apps.Operations;
using Market.Application.Apps.Queries.PreflightApp;
using Market.Domain.Apps;
using Mediator;

namespace Market.Application.Apps.Commands.InstallApp;

/// <summary>Installs a catalog app for the user: the app begins its install and the task goes to the runtime.</summary>
public sealed class InstallAppCommandHandler(ChartOperationPreamble preamble, AppPreflight preflight, OperationStarter starter, OperationResponder responder)
    : ICommandHandler<InstallAppCommand, OperationAnswer>
{
    public const string PurchaseRequired = ChartOperationPreamble.PurchaseRequired;

    public async ValueTask<OperationAnswer> Handle(InstallAppCommand command, CancellationToken cancellationToken)
    {
        var name = command.AppName!;
        var chart = await preamble.PrepareAsync(command.User, command.Source!, name, command.Version, command.Envs, cancellationToken, gatePurchase: false);
        var envs = command.Envs?.Select(e => e.ToDomain()).ToList() ?? [];
        var report = await preflight.CheckAsync(command.User, chart, name, envs, command.SelectedGpuType, isClone: false, cancellationToken);
        AppPreflight.Enforce(report);
        var request = chart.Request with { SelectedGpuType = NullIfEmpty(command.SelectedGpuType) };
        var listing = chart.ListingFor(name, chart.Catalog.AppId);
        var plan = new OperationPlan(command.User, OpType.Install, name, request, (app, draft) => app.BeginInstall(listing, draft))
        {
            NewAppChartName = name,
            Secrets = chart.Secrets,
            Chart = chart.Chart,
        };
        var task = await starter.StartAsync(plan, command.IdempotencyKey, cancellationToken);
        return await responder.AnswerAsync(task, command.Sync, OperationMessages.Install, cancellationToken, report.Blockers);
    }

    /// <summary>An empty choice is no choice (the runtime then picks or asks), as 1.12.5 clients never send one.</summary>
    public static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
