using Market.Application.Common.Interfaces;
using Microsoft.Extensions.Logging;

namespace Market.Infrastructure.HotState;

/// <summary>
/// A subscription to a hot-state channel that survives the store being away when it is made: it keeps
/// retrying in the background (1 s, doubling up to 10 s) until it holds. Once made, the Redis client
/// itself restores it after a reconnect.
/// </summary>
internal sealed partial class DurableSubscription : IAsyncDisposable
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(10);

    private readonly IHotStateStore _store;
    private readonly string _channel;
    private readonly Func<string, Task> _handler;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private IAsyncDisposable? _subscription;
    private Task _retry = Task.CompletedTask;
    private int _disposed;

    private DurableSubscription(IHotStateStore store, string channel, Func<string, Task> handler, ILogger logger)
    {
        _store = store;
        _channel = channel;
        _handler = handler;
        _logger = logger;
    }

    /// <summary>Subscribes now if the store answers, otherwise in the background; never throws for an outage.</summary>
    public static async Task<DurableSubscription> StartAsync(IHotStateStore store, string channel, Func<string, Task> handler, ILogger logger, CancellationToken cancellationToken)
    {
        var subscription = new DurableSubscription(store, channel, handler, logger);
        if (!await subscription.TrySubscribeAsync(cancellationToken))
        {
            subscription._retry = subscription.RetryAsync(subscription._stopping.Token);
        }

        return subscription;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync();
        await _retry;
        if (_subscription is not null)
        {
            await _subscription.DisposeAsync();
        }

        _stopping.Dispose();
    }

    private async Task<bool> TrySubscribeAsync(CancellationToken cancellationToken)
    {
        try
        {
            _subscription = await _store.SubscribeAsync(_channel, _handler, cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            if (!_stopping.IsCancellationRequested)
            {
                LogSubscribeFailed(_logger, _channel, ex);
            }

            return false;
        }
    }

    private async Task RetryAsync(CancellationToken stoppingToken)
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

            LogSubscribed(_logger, _channel);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not subscribe to the {Channel} channel; retrying in the background")]
    private static partial void LogSubscribeFailed(ILogger logger, string channel, Exception ex);

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscribed to the {Channel} channel")]
    private static partial void LogSubscribed(ILogger logger, string channel);
}
