using Mediator;

namespace Market.Application.Notifications.Commands.AnnounceStuckPayments;

/// <summary>
/// One scan for <c>payment_stuck</c>: purchases not confirmed and unchanged for Market:Notifications:PaymentStuckAfterSeconds,
/// each announced to its owner once. Answers how many were announced.
/// </summary>
public sealed record AnnounceStuckPaymentsCommand : ICommand<int>;
