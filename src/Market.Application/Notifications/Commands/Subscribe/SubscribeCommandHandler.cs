using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Market.Application.Notifications.Models;
using Market.Domain.Notifications;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Market.Application.Notifications.Commands.Subscribe;

public sealed class SubscribeCommandHandler(
    IMarketDbContext db, IRemoteUrlGuard guard, ISecretProtector protector, IOptionsMonitor<NotificationsOptions> options, TimeProvider clock)
    : ICommandHandler<SubscribeCommand, NotificationSubscriptionDto>
{
    /// <summary>Enough to bound the table and the delivery fan-out of one event.</summary>
    private const int MaxSubscriptionsPerUser = 20;

    public const int MinSecretLength = 16;

    public async ValueTask<NotificationSubscriptionDto> Handle(SubscribeCommand command, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(command.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new BadRequestException("Invalid webhook url: an absolute http or https URL is required");
        }

        if (command.Secret is null || command.Secret.Length < MinSecretLength)
        {
            throw new BadRequestException($"Invalid webhook secret: at least {MinSecretLength} characters are required");
        }

        if (await guard.CheckAsync(url, options.CurrentValue.AllowPrivateNetworks, cancellationToken) is { } refusal)
        {
            throw new BadRequestException($"Invalid webhook url: {refusal}");
        }

        if (await db.NotificationSubscriptions.CountAsync(s => s.UserId == command.UserId, cancellationToken) >= MaxSubscriptionsPerUser)
        {
            throw new BadRequestException($"At most {MaxSubscriptionsPerUser} webhook subscriptions per user");
        }

        var events = (command.Events ?? []).Select(e => e.Trim()).Distinct().ToList();
        var subscription = NotificationSubscription.Create(command.UserId, url, events, protector.Protect(command.Secret), clock.GetUtcNow().UtcDateTime);
        db.NotificationSubscriptions.Add(subscription);
        await db.SaveChangesAsync(cancellationToken);
        return NotificationSubscriptionDto.From(subscription);
    }
}
