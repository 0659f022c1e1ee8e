using System.Text.Json.Nodes;
using Market.Application.Common.Exceptions;
using Mediator;
using Market.Application.Payments.Models;

namespace Market.Application.Payments.Commands.FetchSignatureCallback;

public sealed class FetchSignatureCallbackCommandHandler(CallbackGuard guard, PurchaseStore store, PurchaseEffects effects)
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
        var (purchase, step) = await store.UpdateAsync(target.Id, p => p.SignatureFetched(signed, jws, signBody, store.Now), cancellationToken);
        await effects.ApplyAsync(purchase, step, cancellationToken);
        return new SignatureFetchedDto("processed", command.User, !string.IsNullOrEmpty(jws));
    }
}
