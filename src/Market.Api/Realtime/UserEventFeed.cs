using System.Threading.Channels;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Telemetry;

namespace Market.Api.Realtime;

/// <summary>
/// One connection's queue of the events meant for its user (or for everybody). Subscribes on
/// creation, so nothing published after the handshake is missed; a slow client loses the oldest
/// events rather than growing memory without bound.
/// </summary>
public sealed class UserEventFeed : IDisposable
{
    private readonly Channel<MarketEvent> _channel;
    private readonly IDisposable _subscription;

    public UserEventFeed(IMarketEventBus bus, string user, int capacity, MarketTelemetry telemetry)
    {
        _channel = Channel.CreateBounded<MarketEvent>(
            new BoundedChannelOptions(capacity)
            {
                FullMode = BoundedChannelFullMode.DropOldest,
                SingleReader = true,
            },
            _ => telemetry.PushDropped());
        _subscription = bus.Subscribe(marketEvent =>
        {
            if (marketEvent.IsFor(user))
            {
                _channel.Writer.TryWrite(marketEvent);
            }

            return ValueTask.CompletedTask;
        });
    }

    public ChannelReader<MarketEvent> Reader => _channel.Reader;

    public void Dispose()
    {
        _subscription.Dispose();
        _channel.Writer.TryComplete();
    }
}
