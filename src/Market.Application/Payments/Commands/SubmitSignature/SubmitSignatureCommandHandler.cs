using System.Text.Json.Nodes;
using Market.Application.Common.Exceptions;
using Market.Application.Common.Options;
using Market.Application.Common.Interfaces;
using Market.Application.Payments.Commands.RecordPurchaseState;
using Mediator;
using Microsoft.Extensions.Options;
using Market.Application.Payments.Models;

namespace Market.Application.Payments.Commands.SubmitSignature;

public sealed class SubmitSignatureCommandHandler(CallbackGuard guard, IScopedSender steps, PurchaseEffects effects, IOptions<PaymentsOptions> options)
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
        var recorded = await steps.SendAsync(
            new RecordPurchaseStateCommand(target.Id, new PurchaseChange.SignatureSubmitted(jws, signBody, options.Value.PollAttempts)), cancellationToken);
        await effects.ApplyAsync(recorded.Purchase, recorded.Step, cancellationToken);
        return new SignatureSubmittedDto(jws, signBody, command.User, "processed");
    }
}
