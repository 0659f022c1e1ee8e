using System.Text.Json.Nodes;
using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Market.Domain.Payments;
using Market.Application.Payments.Commands.RecordPurchaseState;
using Mediator;
using Microsoft.Extensions.Options;
using Market.Application.Payments.Models;

namespace Market.Application.Payments.Commands.StartPaymentPolling;

public sealed class StartPaymentPollingCommandHandler(
    IMarketDbContext db, IScopedSender steps, PurchaseEffects effects, IOptions<PaymentsOptions> options)
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
        var existing = await PurchaseRows.FindAsync(db, command.User, realAppId, command.ProductId!.Trim(), cancellationToken)
            ?? throw NoPurchaseStarted.For(Failed, appId, command.ProductId!.Trim());
        PurchaseRecorded recorded;
        try
        {
            recorded = await steps.SendAsync(
                new RecordPurchaseStateCommand(existing.Id, new PurchaseChange.PaymentCompleted(command.TxHash!.Trim(), host, options.Value.PollAttempts)), cancellationToken);
        }
        catch (NotFoundException)
        {
            throw NoPurchaseStarted.For(Failed, appId, command.ProductId!.Trim());
        }

        await effects.ApplyAsync(recorded.Purchase, recorded.Step, cancellationToken);
        return new PaymentPollingDto(true, Message, "polling");
    }
}
