namespace Market.Domain.Notifications;

/// <summary>The events a webhook subscription may ask for.</summary>
public static class NotificationEvents
{
    public const string UpdateAvailable = "update_available";
    public const string OperationFailed = "operation_failed";
    public const string OperationRolledBack = "operation_rolled_back";
    public const string SourceUnhealthy = "source_unhealthy";
    public const string PaymentStuck = "payment_stuck";

    public static readonly IReadOnlyList<string> All = [UpdateAvailable, OperationFailed, OperationRolledBack, SourceUnhealthy, PaymentStuck];
}
