using Mediator;

namespace Market.Application.Notifications.Commands.DeliverNotifications;

/// <summary>
/// One round of the delivery service <paramref name="Owner"/> (one per host): claims the due outbox rows under a lease
/// and posts them; answers how many were tried.
/// </summary>
public sealed record DeliverNotificationsCommand(string Owner) : ICommand<int>;
