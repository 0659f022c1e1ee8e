using Market.Application.Payments.Models;
using Mediator;

namespace Market.Application.Payments.Commands.PurchaseApp;

/// <summary>The user clicked purchase: creates the purchase on first use and moves it on (sign, pay, wait).</summary>
public sealed record PurchaseAppCommand(string User, string Source, string AppId, string? ForwardedHost) : ICommand<PurchaseAnswerDto>;
