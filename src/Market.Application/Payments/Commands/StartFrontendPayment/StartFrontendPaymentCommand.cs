using System.Text.Json.Nodes;
using Market.Application.Payments.Models;
using Mediator;

namespace Market.Application.Payments.Commands.StartFrontendPayment;

/// <summary>The frontend prepares the on-chain payment and leaves its context (<c>frontend_data</c>) with the purchase.</summary>
public sealed record StartFrontendPaymentCommand(
    string User, string? ForwardedHost, string? SourceId, string? AppId, string? ProductId, JsonObject? FrontendData) : ICommand<IPurchaseAnswerDto>;
