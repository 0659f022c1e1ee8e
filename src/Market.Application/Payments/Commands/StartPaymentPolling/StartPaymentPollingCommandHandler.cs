using System.Text.Json.Nodes;
using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Market.Domain.Payments;
using Mediator;
using Microsoft.Extensions.Options;
using Market.Application.Payments.Models;

namespace Market.Application.Payments.Commands.StartPaymentPolling;

public sealed class StartPaymentPollingCommandHandler(
    IMarketDbContext db, PurchaseStore store, PurchaseEffects effects, IOptions<PaymentsOptions> options)
    : ICommandHandler<StartPaymentPollingCommand, PaymentPollingDto>
{
    public const string Message = "Payment polling started successfully";
    public const string Failed = "Failed to start payment polling";

    public async ValueTask<PaymentPollingDto> Handle(StartPaymentPollingCommand command, CancellationToken cancellationToken)
    {
        var host = PurchaseAnswers.CheckHost(command.ForwardedHost);
        var appId = command.AppId!.Trim();
        // The catalog only maps the route's id to the real app id; a purchase is what must exist.
        var app = await PaidApp.FindAsync(db, command.User, command.SourceId!.Trim(), appId, cancellationToken);
        var realAppId = app?.RealAppId ?? appId;
        var existing = await store.FindAsync(command.User, realAppId, command.ProductId!.Trim(), cancellationToken)
            ?? throw NoPurchaseStarted.For(Failed, appId, command.ProductId!.Trim());
        PurchaseStep step;
        Purchase purchase;
        try
        {
            (purchase, step) = await store.UpdateAsync(existing.Id, p => p.PaymentCompleted(command.TxHash!.Trim(), host, options.Value.PollAttempts, store.Now), cancellationToken);
        }
        catch (NotFoundException)
        {
            throw NoPurchaseStarted.For(Failed, appId, command.ProductId!.Trim());
        }

        await effects.ApplyAsync(purchase, step, cancellationToken);
        return new PaymentPollingDto(true, Message, "polling");
    }
}
