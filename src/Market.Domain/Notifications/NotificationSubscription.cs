using Market.Domain.Common;

namespace Market.Domain.Notifications;

/// <summary>
/// One user's webhook: where to POST, which events, and the signing secret — stored only sealed
/// (<c>SecretCiphertext</c>), never answered back.
/// </summary>
public class NotificationSubscription
{
    private NotificationSubscription()
    {
    }

    public string Id { get; private set; } = string.Empty;

    public string UserId { get; private set; } = string.Empty;

    public string Url { get; private set; } = string.Empty;

    /// <summary>Comma-separated subset of <see cref="NotificationEvents.All"/>.</summary>
    public string Events { get; private set; } = string.Empty;

    public string SecretCiphertext { get; private set; } = string.Empty;

    public DateTime CreatedAt { get; private set; }

    public IReadOnlyList<string> EventList => Events.Split(',', StringSplitOptions.RemoveEmptyEntries);

    public bool Wants(string notificationEvent) => EventList.Contains(notificationEvent);

    public static NotificationSubscription Create(string userId, Uri url, IReadOnlyCollection<string> events, string secretCiphertext, DateTime now)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentException.ThrowIfNullOrEmpty(secretCiphertext);
        var unknown = events.FirstOrDefault(e => !NotificationEvents.All.Contains(e));
        if (events.Count == 0 || unknown is not null)
        {
            throw new DomainException(
                unknown is null ? "events must name at least one event" : $"unknown event '{unknown}' (known: {string.Join(", ", NotificationEvents.All)})",
                DomainErrorKind.Invalid);
        }

        return new NotificationSubscription
        {
            Id = Guid.NewGuid().ToString("N"),
            UserId = userId,
            Url = url.AbsoluteUri,
            Events = string.Join(',', NotificationEvents.All.Where(events.Contains)),
            SecretCiphertext = secretCiphertext,
            CreatedAt = now,
        };
    }
}
