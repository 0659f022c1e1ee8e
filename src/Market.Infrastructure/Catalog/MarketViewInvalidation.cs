using Market.Application.Common.Interfaces;
using Market.Infrastructure.HotState;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Market.Infrastructure.Catalog;

/// <summary>
/// Keeps the view caches honest.
/// <para>An event for everybody drops everything; an event for a user drops that user's view, and their
/// own apps unless it only reports an app state. With Redis, every replica first replaces the generation
/// the event concerns (before dropping its own entries), so a shared copy made from data older than the
/// event never matches again.</para>
/// <para>After a Redis outage, events published meanwhile reached only their own replica, so when this
/// replica's connection comes back it replaces the catalog generation, tells the other replicas on
/// <see cref="HotStateKeys.CacheResyncChannel"/> and drops everything it holds; every replica then
/// rebuilds from the database.</para>
/// </summary>
internal sealed partial class MarketViewInvalidation(
    MarketViewCache cache, SharedCatalogStore shared, IMarketEventBus events, IHotStateStore hotState, ILogger<MarketViewInvalidation> logger)
    : IHostedService, IDisposable
{
    private IDisposable? _subscription;
    private IDisposable? _reconnects;
    private DurableSubscription? _resyncs;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = events.Subscribe(OnEventAsync);
        cache.Start();
        if (shared.IsShared)
        {
            _reconnects = hotState.OnReconnected(ResyncAfterOutageAsync);
            _resyncs = await DurableSubscription.StartAsync(hotState, HotStateKeys.CacheResyncChannel, OnResyncRequestedAsync, logger, cancellationToken);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        _reconnects?.Dispose();
        if (Interlocked.Exchange(ref _resyncs, null) is { } resyncs)
        {
            await resyncs.DisposeAsync();
        }

        await cache.StopAsync();
    }

    /// <summary>The container may dispose before (or instead of) the host stopping.</summary>
    public void Dispose() => _reconnects?.Dispose();

    private async ValueTask OnEventAsync(MarketEvent marketEvent)
    {
        var everybody = marketEvent.User.Length == 0;
        if (shared.IsShared)
        {
            // First the shared generation, then the local entries: whatever is rebuilt after this point
            // can no longer pick up a shared copy made from data older than the event.
            await shared.RenewGenerationAsync(marketEvent.User);
        }

        if (everybody)
        {
            cache.DropEverything();
        }
        else
        {
            cache.DropUser(marketEvent.User, ownAppsToo: marketEvent.NotifyType != MarketEvent.AppStateChange);
        }
    }

    /// <summary>Runs for each restored connection; repeating it is harmless.</summary>
    private async Task ResyncAfterOutageAsync()
    {
        LogResync(logger);
        await shared.ResyncAsync();
        cache.DropEverything();
    }

    private Task OnResyncRequestedAsync(string message)
    {
        cache.DropEverything();
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis is back: dropping the catalog caches built while events could not arrive")]
    private static partial void LogResync(ILogger logger);
}
