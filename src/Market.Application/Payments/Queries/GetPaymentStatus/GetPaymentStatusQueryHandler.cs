using System.Text.Json.Nodes;
using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Market.Domain.Payments;
using Market.Application.Payments.Commands.RecordPurchaseState;
using Mediator;

namespace Market.Application.Payments.Queries.GetPaymentStatus;

public sealed class GetPaymentStatusQueryHandler(IMarketDbContext db, IScopedSender steps, PurchaseAnswers answers, PaymentData paymentData)
    : IQueryHandler<GetPaymentStatusQuery, JsonObject>
{
    public async ValueTask<JsonObject> Handle(GetPaymentStatusQuery query, CancellationToken cancellationToken)
    {
        var host = PurchaseAnswers.CheckHost(query.ForwardedHost);
        var app = await PaidApp.FindAsync(db, query.User, query.Source, query.AppId, cancellationToken)
            ?? throw new NotFoundException(query.Source is null ? "App not found" : $"App not found in source '{query.Source}'");
        var data = new JsonObject { ["app_id"] = query.AppId, ["source"] = query.Source ?? app.App.SourceId };
        if (!app.IsPaid)
        {
            return Add(data, false, PurchaseStatuses.Free);
        }

        var purchase = await PurchaseRows.FindAsync(db, query.User, app.RealAppId, app.ProductId, cancellationToken);
        if (purchase is not null && host is not null && string.IsNullOrEmpty(purchase.ForwardedHost))
        {
            purchase = (await steps.SendAsync(new RecordPurchaseStateCommand(purchase.Id, new PurchaseChange.Observed(string.Empty, host)), cancellationToken)).Purchase;
        }

        Add(data, true, PaymentStatusRules.StatusOf(purchase, app.ProductId));
        var developer = purchase is null ? null : await paymentData.DeveloperAsync(purchase, await answers.SourceBaseUrlAsync(purchase.SourceId, cancellationToken), cancellationToken);
        PurchaseAnswers.AddTokenInfo(data, app, app.ProductId, developer);
        return data;
    }

    private static JsonObject Add(JsonObject data, bool requiresPurchase, string status)
    {
        data["requires_purchase"] = requiresPurchase;
        data["status"] = status;
        data["message"] = PaymentStatusRules.MessageOf(status);
        return data;
    }
}
