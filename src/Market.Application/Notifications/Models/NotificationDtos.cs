using System.Text.Json.Serialization;
using Market.Domain.Notifications;

namespace Market.Application.Notifications.Models;

/// <summary>A subscription as answered: never the secret, only that one is set.</summary>
public sealed record NotificationSubscriptionDto(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("events")] IReadOnlyList<string> Events,
    [property: JsonPropertyName("has_secret")] bool HasSecret,
    [property: JsonPropertyName("created_at")] DateTime CreatedAt)
{
    public static NotificationSubscriptionDto From(NotificationSubscription s) => new(s.Id, s.Url, s.EventList, true, s.CreatedAt);
}

public sealed record NotificationAttemptDto(
    [property: JsonPropertyName("attempt")] int Attempt,
    [property: JsonPropertyName("at")] DateTime At,
    [property: JsonPropertyName("status_code")] int? StatusCode,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("succeeded")] bool Succeeded);

public sealed record NotificationDeliveryDto(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("subscription_id")] string SubscriptionId,
    [property: JsonPropertyName("event")] string Event,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("created_at")] DateTime CreatedAt,
    [property: JsonPropertyName("next_attempt_at")] DateTime? NextAttemptAt,
    [property: JsonPropertyName("attempts")] IReadOnlyList<NotificationAttemptDto> Attempts)
{
    public static NotificationDeliveryDto From(NotificationDelivery d) => new(
        d.Id, d.SubscriptionId, d.Event, d.State, d.CreatedAt, d.State == NotificationDelivery.Pending ? d.NextAttemptAt : null,
        d.Attempts.OrderBy(a => a.Number).Select(a => new NotificationAttemptDto(a.Number, a.At, a.StatusCode, a.Error, a.Succeeded)).ToList());
}
