using System.Text.Json.Nodes;
using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Market.Application.Payments.Commands.PurchaseApp;
using Market.Application.Payments.Commands.RecordPurchaseState;
using Market.Application.Payments.Models;
using Mediator;

namespace Market.Application.Payments.Commands.StartFrontendPayment;

public sealed class StartFrontendPaymentCommandHandler(IMarketDbContext db, IScopedSender steps, PurchaseAnswers answers)
    : ICommandHandler<StartFrontendPaymentCommand, IPurchaseAnswerDto>
{
    public const string Failed = "Failed to update payment state";

    public async ValueTask<IPurchaseAnswerDto> Handle(StartFrontendPaymentCommand command, CancellationToken cancellationToken)
    {
        var host = PurchaseAnswers.CheckHost(command.ForwardedHost);
        var source = command.SourceId!.Trim();
        var appId = command.AppId!.Trim();
        var app = await PaidApp.FindAsync(db, command.User, source, appId, cancellationToken)
            ?? throw new NotFoundException(PurchaseAppCommandHandler.AppNotFound);
        var existing = await PurchaseRows.FindAsync(db, command.User, app.RealAppId, command.ProductId!.Trim(), cancellationToken)
            ?? throw NoPurchaseStarted.For(Failed, appId, command.ProductId!.Trim());
        var frontend = command.FrontendData is { Count: > 0 } given ? given.ToJsonString() : null;
        var purchase = (await steps.SendAsync(
            new RecordPurchaseStateCommand(existing.Id, new PurchaseChange.FrontendPaymentStarted(source, host, frontend)), cancellationToken)).Purchase;

        var answer = await answers.BuildAsync(purchase, app, host, Failed, (appId, source, command.User), cancellationToken);
        return answer.FrontendData is null && command.FrontendData is { Count: > 0 } echoed
            ? FrontendDataEchoDto.Of(answer, (JsonObject)echoed.DeepClone())
            : answer;
    }
}
