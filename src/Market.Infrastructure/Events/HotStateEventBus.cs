using System.Text.Json;
using System.Text.Json.Nodes;
using Market.Application.Common.Interfaces;
using Market.Infrastructure.HotState;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Market.Infrastructure.Events;

/// <summary>
/// Market events over the hot-state pub/sub channel, so a change made on one replica reaches the
/// WebSocket and SSE clients connected to any replica. Local listeners are called for every event.
/// Redis being away never fails a write: the start keeps retrying the subscription in the
/// background (<see cref="DurableSubscription"/>), and a publish that cannot reach Redis is still
/// delivered to this replica's listeners.
/// </summary>
internal sealed partial class HotStateEventBus(IHotStateStore hotState, ILogger<HotStateEventBus> logger) : IMarketEventBus, IHostedService, IAsyncDisposable
{
    private readonly Lock _gate = new();
    private Func<MarketEvent, ValueTask>[] _listeners = [];
    private DurableSubscription? _subscription;

    public async ValueTask PublishAsync(MarketEvent marketEvent, CancellationToken cancellationToken = default)
    {
        var wire = new JsonObject
        {
            ["user"] = marketEvent.User,
            ["notify_type"] = marketEvent.NotifyType,
            ["payload"] = marketEvent.Payload.DeepClone(),
        };
        try
        {
            await hotState.PublishAsync(HotStateKeys.EventsChannel, wire.ToJsonString(), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The change is already stored; at least this replica's clients hear of it (and its caches
            // drop what the change touched). Other replicas revalidate when Redis is back.
            LogPublishFailed(logger, marketEvent.NotifyType, ex.GetType().Name);
            await DeliverAsync(marketEvent);
        }
    }

    public IDisposable Subscribe(Func<MarketEvent, ValueTask> listener)
    {
        lock (_gate)
        {
            _listeners = [.. _listeners, listener];
        }

        return new Unsubscriber(() =>
        {
            lock (_gate)
            {
                _listeners = _listeners.Where(l => l != listener).ToArray();
            }
        });
    }

    public async Task StartAsync(CancellationToken cancellationToken) =>
        _subscription = await DurableSubscription.StartAsync(hotState, HotStateKeys.EventsChannel, DispatchAsync, logger, cancellationToken);

    /// <summary>The host may stop (and dispose) us more than once, e.g. under WebApplicationFactory; the subscription ends once.</summary>
    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _subscription, null) is { } subscription)
        {
            await subscription.DisposeAsync();
        }
    }

    private async Task DispatchAsync(string message)
    {
        MarketEvent marketEvent;
        try
        {
            var node = JsonNode.Parse(message)!.AsObject();
            marketEvent = new MarketEvent(
                node["user"]?.GetValue<string>() ?? string.Empty,
                node["notify_type"]?.GetValue<string>() ?? string.Empty,
                node["payload"]?.AsObject() ?? []);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or NullReferenceException)
        {
            LogBadEvent(logger, ex);
            return;
        }

        await DeliverAsync(marketEvent);
    }

    private async Task DeliverAsync(MarketEvent marketEvent)
    {
        foreach (var listener in _listeners)
        {
            try
            {
                await listener(marketEvent);
            }
            catch (Exception ex)
            {
                // One broken listener (a closed socket) must not starve the others.
                LogListenerFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped an unreadable market event")]
    private static partial void LogBadEvent(ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A market event listener failed")]
    private static partial void LogListenerFailed(ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not publish a {NotifyType} event to other replicas ({Failure}); delivered locally only")]
    private static partial void LogPublishFailed(ILogger logger, string notifyType, string failure);

    private sealed class Unsubscriber(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
