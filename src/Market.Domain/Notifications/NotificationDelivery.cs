namespace Market.Domain.Notifications;

/// <summary>
/// The durable outbox row of one event for one subscription: written in the same SaveChanges as the event,
/// then posted by the delivery service until the receiver takes it (2xx) or the attempts run out. Every
/// attempt is kept in <see cref="Attempts"/>.
/// </summary>
public class NotificationDelivery
{
    private readonly List<NotificationAttempt> _attempts = [];

    private NotificationDelivery()
    {
    }

    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";

    public string Id { get; private set; } = string.Empty;

    public string SubscriptionId { get; private set; } = string.Empty;

    public string UserId { get; private set; } = string.Empty;

    public string Event { get; private set; } = string.Empty;

    /// <summary>The JSON body posted (event facts only: never a secret, token or env value).</summary>
    public string Payload { get; private set; } = string.Empty;

    public string State { get; private set; } = Pending;

    public int AttemptCount { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime NextAttemptAt { get; private set; }

    /// <summary>The delivery service instance posting this row now; others leave it alone until <see cref="LeaseUntil"/>.</summary>
    public string? LeaseOwner { get; private set; }

    public DateTime? LeaseUntil { get; private set; }

    public IReadOnlyList<NotificationAttempt> Attempts => _attempts;

    /// <summary>Whether the row is waiting and free to be claimed at <paramref name="now"/> (the query's filter says the same).</summary>
    public bool IsClaimable(DateTime now) => State == Pending && NextAttemptAt <= now && (LeaseUntil is null || LeaseUntil <= now);

    /// <summary>
    /// Claims the row for <paramref name="owner"/> until <paramref name="until"/>, so another replica does not post it too
    /// (the owner column is checked on save: of two claims on the same row only the first commits). A claim left
    /// by a host that died runs out and the row is posted again.
    /// </summary>
    public bool TryLease(string owner, DateTime until, DateTime now)
    {
        if (!IsClaimable(now))
        {
            return false;
        }

        LeaseOwner = owner;
        LeaseUntil = until;
        return true;
    }

    public static NotificationDelivery Enqueue(NotificationSubscription subscription, string notificationEvent, string payload, string id, DateTime now) =>
        new()
        {
            Id = id,
            SubscriptionId = subscription.Id,
            UserId = subscription.UserId,
            Event = notificationEvent,
            Payload = payload,
            CreatedAt = now,
            NextAttemptAt = now,
        };

    /// <summary>Records one attempt; a failure waits <paramref name="retryBase"/>·2^(n-1) (capped) before the next, until <paramref name="maxAttempts"/>.</summary>
    public void RecordAttempt(int? statusCode, string? error, DateTime now, TimeSpan retryBase, TimeSpan maxDelay, int maxAttempts)
    {
        AttemptCount++;
        ReleaseLease();
        var succeeded = error is null && statusCode is >= 200 and < 300;
        _attempts.Add(NotificationAttempt.Of(Id, AttemptCount, statusCode, error, succeeded, now));
        if (succeeded)
        {
            State = Delivered;
            return;
        }

        if (AttemptCount >= maxAttempts)
        {
            State = Failed;
            return;
        }

        var delay = TimeSpan.FromTicks((long)Math.Min(maxDelay.Ticks, retryBase.Ticks * Math.Pow(2, AttemptCount - 1)));
        NextAttemptAt = now + delay;
    }

    /// <summary>The subscription is gone (or its secret unreadable): nothing more will be tried.</summary>
    public void Abandon(string reason, DateTime now)
    {
        AttemptCount++;
        ReleaseLease();
        _attempts.Add(NotificationAttempt.Of(Id, AttemptCount, null, reason, false, now));
        State = Failed;
    }

    private void ReleaseLease()
    {
        LeaseOwner = null;
        LeaseUntil = null;
    }
}
