using System.Text.Json.Nodes;
using Mediator;
using Market.Application.Payments.Models;

namespace Market.Application.Payments.Commands.FetchSignatureCallback;

/// <summary>LarePass answers a fetch-signature request: <c>{signed, jws, application_verifiable_credential?, product_credential_manifest?}</c>.</summary>
public sealed record FetchSignatureCallbackCommand(string? User, string? Ticket, JsonObject Body) : ICommand<SignatureFetchedDto>;
