using System.Text.Json;
using Market.Application.Common.Interfaces;
using Market.Domain.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Notifications;

/// <summary>
/// Writes outbox rows for an event into <paramref name="db"/>'s pending changes, so they are saved in the
/// same SaveChanges (and transaction) as the event itself, or not at all. <c>data</c> carries facts only —
/// ids, names, versions, states — never env values, tokens or error texts that might quote them.
/// </summary>
public static class NotificationOutbox
{
    public static async Task EnqueueAsync(IMarketDbContext db, string userId, string notificationEvent, IReadOnlyDictionary<string, object?> data, DateTime now, CancellationToken cancellationToken) =>
        Add(db, await db.NotificationSubscriptions.AsNoTracking().Where(s => s.UserId == userId).ToListAsync(cancellationToken), notificationEvent, data, now);

    /// <summary>An event about something every user sees (a source): one row per subscription that wants it, each in its owner's name.</summary>
    public static async Task EnqueueForEveryoneAsync(IMarketDbContext db, string notificationEvent, IReadOnlyDictionary<string, object?> data, DateTime now, CancellationToken cancellationToken) =>
        Add(db, await db.NotificationSubscriptions.AsNoTracking().ToListAsync(cancellationToken), notificationEvent, data, now);

    private static void Add(IMarketDbContext db, IEnumerable<NotificationSubscription> subscriptions, string notificationEvent, IReadOnlyDictionary<string, object?> data, DateTime now)
    {
        foreach (var subscription in subscriptions.Where(s => s.Wants(notificationEvent)))
        {
            var id = Guid.NewGuid().ToString("N");
            var payload = JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["id"] = id,
                ["event"] = notificationEvent,
                ["user"] = subscription.UserId,
                ["occurred_at"] = now,
                ["data"] = data,
            });
            db.NotificationDeliveries.Add(NotificationDelivery.Enqueue(subscription, notificationEvent, payload, id, now));
        }
    }
}
