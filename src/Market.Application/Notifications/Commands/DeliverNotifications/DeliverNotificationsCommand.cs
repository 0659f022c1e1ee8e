using Mediator;

namespace Market.Application.Notifications.Commands.DeliverNotifications;

/// <summary>One round of the delivery service: posts the due outbox rows; answers how many were tried.</summary>
public sealed record DeliverNotificationsCommand : ICommand<int>;
