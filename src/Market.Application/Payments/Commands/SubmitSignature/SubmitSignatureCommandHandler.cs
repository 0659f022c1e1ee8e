using System.Text.Json.Nodes;
using Market.Application.Common.Exceptions;
using Market.Application.Common.Options;
using Mediator;
using Microsoft.Extensions.Options;
using Market.Application.Payments.Models;

namespace Market.Application.Payments.Commands.SubmitSignature;

public sealed class SubmitSignatureCommandHandler(CallbackGuard guard, PurchaseStore store, PurchaseEffects effects, IOptions<PaymentsOptions> options)
    : ICommandHandler<SubmitSignatureCommand, SignatureSubmittedDto>
{
    public const string Message = "Signature submission processed successfully";

    public async ValueTask<SignatureSubmittedDto> Handle(SubmitSignatureCommand command, CancellationToken cancellationToken)
    {
        var jws = command.Body["jws"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        if (string.IsNullOrEmpty(jws))
        {
            throw new BadRequestException("JWS cannot be empty");
        }

        var credential = command.Body["application_verifiable_credential"];
        var manifest = command.Body["product_credential_manifest"];
        if (manifest is JsonValue)
        {
            throw new BadRequestException("Invalid product_credential_manifest format");
        }

        var target = await guard.PurchaseOfAsync(command.User, command.Ticket, cancellationToken);
        var signBody = SignRequests.CallbackSignBody(credential, manifest);
        var (purchase, step) = await store.UpdateAsync(target.Id, p => p.SignatureSubmitted(jws, signBody, options.Value.PollAttempts, store.Now), cancellationToken);
        await effects.ApplyAsync(purchase, step, cancellationToken);
        return new SignatureSubmittedDto(jws, signBody, command.User, "processed");
    }
}
