using System.Text.Json.Nodes;
using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Market.Application.Payments.Commands.PurchaseApp;
using Mediator;

namespace Market.Application.Payments.Commands.StartFrontendPayment;

public sealed class StartFrontendPaymentCommandHandler(IMarketDbContext db, PurchaseStore store, PurchaseAnswers answers)
    : ICommandHandler<StartFrontendPaymentCommand, JsonObject>
{
    public const string Failed = "Failed to update payment state";

    public async ValueTask<JsonObject> Handle(StartFrontendPaymentCommand command, CancellationToken cancellationToken)
    {
        var host = PurchaseAnswers.CheckHost(command.ForwardedHost);
        var source = command.SourceId!.Trim();
        var appId = command.AppId!.Trim();
        var app = await PaidApp.FindAsync(db, command.User, source, appId, cancellationToken)
            ?? throw new NotFoundException(PurchaseAppCommandHandler.AppNotFound);
        var existing = await store.FindAsync(command.User, app.RealAppId, command.ProductId!.Trim(), cancellationToken)
            ?? throw NoPurchaseStarted.For(Failed, appId, command.ProductId!.Trim());
        var frontend = command.FrontendData is { Count: > 0 } given ? given.ToJsonString() : null;
        var (purchase, _) = await store.UpdateAsync(existing.Id, p =>
        {
            p.Observe(source, host, store.Now);
            p.FrontendStarted(frontend, store.Now);
            return 0;
        }, cancellationToken);

        var data = await answers.BuildAsync(purchase, app, host, Failed, cancellationToken);
        if (!data.ContainsKey("frontend_data") && command.FrontendData is { Count: > 0 })
        {
            data["frontend_data"] = command.FrontendData.DeepClone();
        }

        return PurchaseAnswers.WithIdentity(data, appId, source, command.User);
    }
}
