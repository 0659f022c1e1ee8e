namespace Market.Domain.Notifications;

/// <summary>One POST of a delivery: when, what the receiver answered (or why nothing was sent).</summary>
public class NotificationAttempt
{
    private NotificationAttempt()
    {
    }

    public string DeliveryId { get; private set; } = string.Empty;

    public int Number { get; private set; }

    public int? StatusCode { get; private set; }

    public string? Error { get; private set; }

    public bool Succeeded { get; private set; }

    public DateTime At { get; private set; }

    public const int MaxErrorLength = 512;

    internal static NotificationAttempt Of(string deliveryId, int number, int? statusCode, string? error, bool succeeded, DateTime at) =>
        new() { DeliveryId = deliveryId, Number = number, StatusCode = statusCode, Error = error is { Length: > MaxErrorLength } ? error[..MaxErrorLength] : error, Succeeded = succeeded, At = at };
}
