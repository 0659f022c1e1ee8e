using System.Text.Json.Nodes;
using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Market.Application.Payments.Commands.RecordPurchaseState;
using Mediator;
using Market.Application.Payments.Models;

namespace Market.Application.Payments.Commands.FetchSignatureCallback;

public sealed class FetchSignatureCallbackCommandHandler(CallbackGuard guard, IScopedSender steps, PurchaseEffects effects)
    : ICommandHandler<FetchSignatureCallbackCommand, SignatureFetchedDto>
{
    public const string Message = "Fetch signature callback processed";

    public async ValueTask<SignatureFetchedDto> Handle(FetchSignatureCallbackCommand command, CancellationToken cancellationToken)
    {
        var signed = command.Body["signed"] is JsonValue sv && sv.TryGetValue<bool>(out var b) && b;
        var jws = command.Body["jws"] is JsonValue jv && jv.TryGetValue<string>(out var s) ? s : null;
        if (signed && string.IsNullOrEmpty(jws))
        {
            throw new BadRequestException("JWS cannot be empty when signed is true");
        }

        var target = await guard.PurchaseOfAsync(command.User, command.Ticket, cancellationToken);
        var signBody = SortedJson.Sort(command.Body)!.ToJsonString();
        var recorded = await steps.SendAsync(new RecordPurchaseStateCommand(target.Id, new PurchaseChange.SignatureFetched(signed, jws, signBody)), cancellationToken);
        await effects.ApplyAsync(recorded.Purchase, recorded.Step, cancellationToken);
        return new SignatureFetchedDto("processed", command.User, !string.IsNullOrEmpty(jws));
    }
}
