using System.Text.Json;
using System.Text.Json.Nodes;
using Market.Application.Common.Interfaces;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Market.Infrastructure.Events;

/// <summary>
/// Market events over the hot-state pub/sub channel, so a change made on one replica reaches the
/// WebSocket and SSE clients connected to any replica. Local listeners are called for every event.
/// Redis being away never fails a write: the start keeps retrying the subscription in the
/// background, and a publish that cannot reach Redis is still delivered to this replica's listeners.
/// </summary>
internal sealed partial class HotStateEventBus(IHotStateStore hotState, ILogger<HotStateEventBus> logger) : IMarketEventBus, IHostedService, IDisposable
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private Func<MarketEvent, ValueTask>[] _listeners = [];
    private IAsyncDisposable? _subscription;
    private Task _retry = Task.CompletedTask;
    private int _stopped;
    private int _disposed;

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
            // The change is already stored; at least this replica's clients hear of it.
            LogPublishFailed(logger, marketEvent.NotifyType, ex);
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

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!await TrySubscribeAsync(cancellationToken))
        {
            _retry = RetrySubscribeAsync(_stopping.Token);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // The host may stop (and dispose) us more than once, e.g. under WebApplicationFactory.
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync();
        await _retry;
        if (_subscription is not null)
        {
            await _subscription.DisposeAsync();
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            _stopping.Cancel();
        }

        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _stopping.Dispose();
        }
    }

    private async Task<bool> TrySubscribeAsync(CancellationToken cancellationToken)
    {
        try
        {
            _subscription = await hotState.SubscribeAsync(HotStateKeys.EventsChannel, DispatchAsync, cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            if (!_stopping.IsCancellationRequested)
            {
                LogSubscribeFailed(logger, ex);
            }

            return false;
        }
    }

    private async Task RetrySubscribeAsync(CancellationToken stoppingToken)
    {
        try
        {
            var delay = FirstRetryDelay;
            do
            {
                await Task.Delay(delay, stoppingToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
            }
            while (!await TrySubscribeAsync(stoppingToken));

            LogSubscribed(logger);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not publish a {NotifyType} event to other replicas; delivered locally only")]
    private static partial void LogPublishFailed(ILogger logger, string notifyType, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not subscribe to the market event channel; retrying in the background")]
    private static partial void LogSubscribeFailed(ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscribed to the market event channel")]
    private static partial void LogSubscribed(ILogger logger);

    private sealed class Unsubscriber(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
