using Market.Application.Notifications.Models;
using Mediator;

namespace Market.Application.Notifications.Queries.GetSubscriptions;

public sealed record GetSubscriptionsQuery(string UserId) : IQuery<IReadOnlyList<NotificationSubscriptionDto>>;
