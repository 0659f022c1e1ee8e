using Market.Application.Notifications.Models;
using Mediator;

namespace Market.Application.Notifications.Queries.GetDeliveries;

/// <summary>The user's newest webhook deliveries, each with every attempt made.</summary>
public sealed record GetDeliveriesQuery(string UserId) : IQuery<IReadOnlyList<NotificationDeliveryDto>>;
