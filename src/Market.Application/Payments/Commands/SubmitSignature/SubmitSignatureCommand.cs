using System.Text.Json.Nodes;
using Mediator;

namespace Market.Application.Payments.Commands.SubmitSignature;

/// <summary>LarePass posts the user's signature (<c>{jws, application_verifiable_credential?, product_credential_manifest?}</c>).</summary>
public sealed record SubmitSignatureCommand(string? User, string? Ticket, JsonObject Body) : ICommand<JsonObject>;
