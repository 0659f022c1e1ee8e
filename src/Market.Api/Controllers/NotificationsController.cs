using Market.Api.Infrastructure.Envelope;
using Market.Api.Requests;
using Market.Application.Common.Interfaces;
using Market.Application.Notifications.Commands.Subscribe;
using Market.Application.Notifications.Commands.Unsubscribe;
using Market.Application.Notifications.Queries.GetDeliveries;
using Market.Application.Notifications.Queries.GetSubscriptions;
using Mediator;
using Microsoft.AspNetCore.Mvc;

namespace Market.Api.Controllers;

/// <summary>The caller's webhook subscriptions and what was delivered to them.</summary>
public sealed class NotificationsController(ISender sender, ICurrentUser user) : ApiControllerBase
{
    [HttpGet("settings/notifications")]
    public async Task<IActionResult> List(CancellationToken ct) =>
        Envelope("Notification subscriptions retrieved successfully", new { subscriptions = await sender.Send(new GetSubscriptionsQuery(user.Name), ct) });

    [HttpPost("settings/notifications")]
    [InvalidBodyMessage("Invalid request body")]
    public async Task<IActionResult> Subscribe([FromBody] NotificationSubscriptionRequest body, CancellationToken ct) =>
        Envelope("Notification subscription created successfully", await sender.Send(new SubscribeCommand(user.Name, body.Url, body.Events, body.Secret), ct));

    [HttpDelete("settings/notifications/{id}")]
    public async Task<IActionResult> Unsubscribe(string id, CancellationToken ct)
    {
        await sender.Send(new UnsubscribeCommand(user.Name, id), ct);
        return Envelope("Notification subscription deleted successfully", new { id });
    }

    [HttpGet("settings/notifications/deliveries")]
    public async Task<IActionResult> Deliveries(CancellationToken ct) =>
        Envelope("Notification deliveries retrieved successfully", new { deliveries = await sender.Send(new GetDeliveriesQuery(user.Name), ct) });
}
