using System.Text.Json.Nodes;
using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Market.Application.Payments.Commands.PurchaseApp;
using Market.Application.Payments.Commands.RecordPurchaseState;
using Market.Application.Payments.Models;
using Mediator;
using Microsoft.Extensions.Options;

namespace Market.Application.Payments.Commands.RestorePurchase;

public sealed class RestorePurchaseCommandHandler(
    IMarketDbContext db, IScopedSender steps, PurchaseAnswers answers, PurchaseEffects effects, IOptions<PaymentsOptions> options)
    : ICommandHandler<RestorePurchaseCommand, PurchaseRestoredDto>
{
    public const string Failed = "Failed to restore purchase";

    public async ValueTask<PurchaseRestoredDto> Handle(RestorePurchaseCommand command, CancellationToken cancellationToken)
    {
        var host = PurchaseAnswers.CheckHost(command.ForwardedHost);
        var app = await PaidApp.FindAsync(db, command.User, command.Source, command.AppId, cancellationToken)
            ?? throw new NotFoundException(PurchaseAppCommandHandler.AppNotFound);
        if (!app.IsPaid)
        {
            throw new BadRequestException("This is a free app");
        }

        var opened = await answers.OpenAsync(app, command.User, Failed, cancellationToken);
        var outcome = await steps.SendAsync(
            new RecordPurchaseStateCommand(opened.Id, new PurchaseChange.RestoreRequested(command.Source, host, options.Value.PollAttempts)), cancellationToken);
        await effects.ApplyAsync(outcome.Purchase, outcome.Step, cancellationToken);

        return new PurchaseRestoredDto(outcome.Status!, outcome.Message!, command.AppId, command.Source, command.User);
    }
}
