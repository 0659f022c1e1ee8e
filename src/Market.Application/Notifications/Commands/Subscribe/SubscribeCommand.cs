using Market.Application.Notifications.Models;
using Mediator;

namespace Market.Application.Notifications.Commands.Subscribe;

/// <summary>Adds a webhook for <see cref="UserId"/>: the URL is checked against the network guard, the secret sealed.</summary>
public sealed record SubscribeCommand(string UserId, string? Url, IReadOnlyList<string>? Events, string? Secret) : ICommand<NotificationSubscriptionDto>;
