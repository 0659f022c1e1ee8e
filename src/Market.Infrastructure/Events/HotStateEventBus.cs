using System.Text.Json;
using System.Text.Json.Nodes;
using Market.Application.Common.Interfaces;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Market.Infrastructure.Events;

/// <summary>
/// Market events over the hot-state pub/sub channel, so a change made on one replica reaches the
/// WebSocket and SSE clients connected to any replica. Local listeners are called for every event.
/// </summary>
internal sealed partial class HotStateEventBus(IHotStateStore hotState, ILogger<HotStateEventBus> logger) : IMarketEventBus, IHostedService
{
    private readonly Lock _gate = new();
    private Func<MarketEvent, ValueTask>[] _listeners = [];
    private IAsyncDisposable? _subscription;

    public async ValueTask PublishAsync(MarketEvent marketEvent, CancellationToken cancellationToken = default)
    {
        var wire = new JsonObject
        {
            ["user"] = marketEvent.User,
            ["notify_type"] = marketEvent.NotifyType,
            ["payload"] = marketEvent.Payload.DeepClone(),
        };
        await hotState.PublishAsync(HotStateKeys.EventsChannel, wire.ToJsonString(), cancellationToken);
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
        _subscription = await hotState.SubscribeAsync(HotStateKeys.EventsChannel, DispatchAsync, cancellationToken);

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_subscription is not null)
        {
            await _subscription.DisposeAsync();
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
        catch (JsonException ex)
        {
            LogBadEvent(logger, ex);
            return;
        }

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

    private sealed class Unsubscriber(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
