using System.Text.Json.Nodes;
using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Market.Application.Payments.Commands.RecordPurchaseState;
using Market.Application.Payments.Models;
using Mediator;

namespace Market.Application.Payments.Commands.PurchaseApp;

public sealed class PurchaseAppCommandHandler(IMarketDbContext db, IScopedSender steps, PurchaseAnswers answers, PurchaseEffects effects)
    : ICommandHandler<PurchaseAppCommand, PurchaseAnswerDto>
{
    public const string AppNotFound = "App info not found in cache";
    public const string Failed = "Failed to start purchase";

    public async ValueTask<PurchaseAnswerDto> Handle(PurchaseAppCommand command, CancellationToken cancellationToken)
    {
        var host = PurchaseAnswers.CheckHost(command.ForwardedHost);
        var app = await PaidApp.FindAsync(db, command.User, command.Source, command.AppId, cancellationToken)
            ?? throw new NotFoundException(AppNotFound);
        if (!app.IsPaid)
        {
            throw new BadRequestException("This is a free app");
        }

        var opened = await answers.OpenAsync(app, command.User, Failed, cancellationToken);
        var (purchase, step, _, _) = await steps.SendAsync(
            new RecordPurchaseStateCommand(opened.Id, new PurchaseChange.PaymentStarted(command.Source, host)), cancellationToken);
        await effects.ApplyAsync(purchase, step, cancellationToken);

        // The step's effects (a single VC query) may have moved it on: answer with what is stored now.
        var current = await PurchaseRows.FindByIdAsync(db, purchase.Id, cancellationToken) ?? purchase;
        return await answers.BuildAsync(current, app, host, Failed, (command.AppId, command.Source, command.User), cancellationToken);
    }
}
