using Mediator;

namespace Market.Application.Notifications.Commands.Unsubscribe;

/// <summary>Removes one of the user's webhooks; deliveries still pending for it are abandoned by the delivery service.</summary>
public sealed record UnsubscribeCommand(string UserId, string Id) : ICommand<Unit>;
