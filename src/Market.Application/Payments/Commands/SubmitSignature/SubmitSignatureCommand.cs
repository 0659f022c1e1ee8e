using System.Text.Json.Nodes;
using Mediator;
using Market.Application.Payments.Models;

namespace Market.Application.Payments.Commands.SubmitSignature;

/// <summary>LarePass posts the user's signature (<c>{jws, application_verifiable_credential?, product_credential_manifest?}</c>).</summary>
public sealed record SubmitSignatureCommand(string? User, string? Ticket, JsonObject Body) : ICommand<SignatureSubmittedDto>;
