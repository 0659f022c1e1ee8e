using Market.Application.Payments.Models;
using Mediator;

namespace Market.Application.Payments.Commands.RestorePurchase;

/// <summary>Finds an earlier purchase of the app (new device, lost state): sign again if needed, then poll the developer.</summary>
public sealed record RestorePurchaseCommand(string User, string Source, string AppId, string? ForwardedHost) : ICommand<PurchaseRestoredDto>;
