using System.Text.Json.Nodes;
using Mediator;
using Market.Application.Payments.Models;

namespace Market.Application.Payments.Commands.StartPaymentPolling;

/// <summary>The frontend paid on chain: keeps the tx hash and starts asking the developer for the licence.</summary>
public sealed record StartPaymentPollingCommand(
    string User, string? ForwardedHost, string? SourceId, string? AppId, string? TxHash, string? ProductId) : ICommand<PaymentPollingDto>;
