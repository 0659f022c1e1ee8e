using Market.Application.Common.Interfaces;
using Mediator;

namespace Market.Application.Notifications.Commands.AnnounceStuckPayments;

/// <summary>
/// One scan for <c>payment_stuck</c>: purchases not confirmed and unchanged for Market:Notifications:PaymentStuckAfterSeconds,
/// each announced to its owner once (a purchase's row version moves, so two replicas cannot both announce it: the later
/// save conflicts and runs again on what is stored). Answers how many were announced.
/// </summary>
public sealed record AnnounceStuckPaymentsCommand : ICommand<int>, IRetryOnConflict;
