using System.Text.Json.Nodes;

namespace Market.Application.Common.Interfaces;

/// <summary>
/// A change a user should see: app state changes, task points, new uploads, catalog updates.
/// <see cref="User"/> empty means "everybody" (e.g. a catalog sync).
/// </summary>
public sealed record MarketEvent(string User, string NotifyType, JsonObject Payload)
{
    public const string AppStateChange = "app_state_change";
    public const string MarketSystemPoint = "market_system_point";
    public const string PaymentStateUpdate = "payment_state_update";
}

/// <summary>Publishes market events to every replica (Redis pub/sub or in-process) and lets the push endpoints listen.</summary>
public interface IMarketEventBus
{
    ValueTask PublishAsync(MarketEvent marketEvent, CancellationToken cancellationToken = default);

    /// <summary>Registers a local listener for events from any replica; dispose to stop listening.</summary>
    IDisposable Subscribe(Func<MarketEvent, ValueTask> listener);
}
