using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Market.Domain.Notifications;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Market.Application.Notifications.Commands.DeliverNotifications;

public sealed class DeliverNotificationsCommandHandler(
    IMarketDbContext db, IWebhookSender sender, IRemoteUrlGuard guard, ISecretProtector protector, IOptionsMonitor<NotificationsOptions> options, TimeProvider clock)
    : ICommandHandler<DeliverNotificationsCommand, int>
{
    private const int BatchSize = 16;

    public async ValueTask<int> Handle(DeliverNotificationsCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var due = await db.NotificationDeliveries
            .Where(d => d.State == NotificationDelivery.Pending && d.NextAttemptAt <= now && (d.LeaseUntil == null || d.LeaseUntil <= now))
            .OrderBy(d => d.NextAttemptAt).Take(BatchSize).ToListAsync(cancellationToken);
        var tried = 0;
        foreach (var delivery in due)
        {
            if (!await ClaimAsync(delivery, command.Owner, cancellationToken))
            {
                continue;
            }

            tried++;
            await AttemptAsync(delivery, cancellationToken);

            // Saved per delivery: a receiver that answered 2xx is never posted the same row again after a crash mid-round.
            await db.SaveChangesAsync(cancellationToken);
        }

        return tried;
    }

    /// <summary>
    /// Claims the row before posting it: the save only succeeds when no other replica claimed it since it was read
    /// (the lease owner is a concurrency token). The lease outlasts one request, so it never runs out mid-post.
    /// </summary>
    private async Task<bool> ClaimAsync(NotificationDelivery delivery, string owner, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var until = now + TimeSpan.FromSeconds((options.CurrentValue.RequestTimeoutSeconds * 2) + 30);
        if (!delivery.TryLease(owner, until, now))
        {
            return false;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another replica claimed (or posted) it first: it is theirs.
            // Only this row is forgotten: the others of the round are still claimed one by one.
            foreach (var entry in db.ChangeTracker.Entries().Where(e => ReferenceEquals(e.Entity, delivery)).ToList())
            {
                entry.State = EntityState.Detached;
            }

            return false;
        }
    }

    private async Task AttemptAsync(NotificationDelivery delivery, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var subscription = await db.NotificationSubscriptions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == delivery.SubscriptionId, cancellationToken);
        var secret = subscription is null ? null : protector.Unprotect(subscription.SecretCiphertext);
        if (subscription is null || secret is null)
        {
            delivery.Abandon(subscription is null ? "the subscription was deleted" : "the subscription's secret cannot be opened", clock.GetUtcNow().UtcDateTime);
            return;
        }

        var url = new Uri(subscription.Url);

        // Checked again at every attempt: a name may have been re-pointed at an internal address since subscribing.
        var (status, error) = await guard.CheckAsync(url, settings.AllowPrivateNetworks, cancellationToken) is { } refusal
            ? (null, refusal)
            : await sender.SendAsync(url, delivery.Id, delivery.Event, delivery.Payload, secret, cancellationToken);
        delivery.RecordAttempt(status, error, clock.GetUtcNow().UtcDateTime,
            TimeSpan.FromSeconds(settings.RetryBaseSeconds), TimeSpan.FromSeconds(settings.MaxDelaySeconds), settings.MaxAttempts);
    }
}
