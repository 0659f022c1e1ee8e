using System.Text.Json.Nodes;
using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Market.Domain.Payments;
using Market.Application.Payments.Commands.RecordPurchaseState;
using Market.Application.Payments.Models;
using Mediator;

namespace Market.Application.Payments.Queries.GetPaymentStatus;

public sealed class GetPaymentStatusQueryHandler(IMarketDbContext db, IScopedSender steps, PurchaseAnswers answers, PaymentData paymentData)
    : IQueryHandler<GetPaymentStatusQuery, PaymentStatusDto>
{
    public async ValueTask<PaymentStatusDto> Handle(GetPaymentStatusQuery query, CancellationToken cancellationToken)
    {
        var host = PurchaseAnswers.CheckHost(query.ForwardedHost);
        var app = await PaidApp.FindAsync(db, query.User, query.Source, query.AppId, cancellationToken)
            ?? throw new NotFoundException(query.Source is null ? "App not found" : $"App not found in source '{query.Source}'");
        var source = query.Source ?? app.App.SourceId;
        if (!app.IsPaid)
        {
            return Answer(query.AppId, source, false, PurchaseStatuses.Free, null);
        }

        var purchase = await PurchaseRows.FindAsync(db, query.User, app.RealAppId, app.ProductId, cancellationToken);
        if (purchase is not null && host is not null && string.IsNullOrEmpty(purchase.ForwardedHost))
        {
            purchase = (await steps.SendAsync(new RecordPurchaseStateCommand(purchase.Id, new PurchaseChange.Observed(string.Empty, host)), cancellationToken)).Purchase;
        }

        var status = PaymentStatusRules.StatusOf(purchase, app.ProductId);
        var developer = purchase is null ? null : await paymentData.DeveloperAsync(purchase, await answers.SourceBaseUrlAsync(purchase.SourceId, cancellationToken), cancellationToken);
        return Answer(query.AppId, source, true, status, PurchaseAnswers.TokenInfoOf(app, app.ProductId, developer));
    }

    private static PaymentStatusDto Answer(string appId, string source, bool requiresPurchase, string status, JsonArray? tokens) =>
        new(appId, source, requiresPurchase, status, PaymentStatusRules.MessageOf(status), tokens);
}
