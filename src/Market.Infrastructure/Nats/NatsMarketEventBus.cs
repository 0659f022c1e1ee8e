using System.Text.Json;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Microsoft.Extensions.Options;

namespace Market.Infrastructure.Nats;

/// <summary>
/// Around the replica bus: an event produced on this replica also goes to NATS <c>{MarketSubject}.{user}</c>.
/// Only the producing replica publishes (events heard from other replicas come in through
/// <see cref="Subscribe"/>, not here), so each event reaches NATS once across the cluster.
/// </summary>
internal sealed class NatsMarketEventBus(IMarketEventBus inner, NatsPublishBuffer buffer, IOptions<NatsOptions> options, TimeProvider clock) : IMarketEventBus
{
    public ValueTask PublishAsync(MarketEvent marketEvent, CancellationToken cancellationToken = default)
    {
        // Broadcasts (empty user, e.g. a catalog sync) have no per-user subject in the original.
        if (NatsWire.Subject(options.Value.MarketSubject, marketEvent.User) is { } subject)
        {
            var body = JsonSerializer.SerializeToUtf8Bytes(NatsWire.Body(marketEvent, clock.GetUtcNow()));
            if (marketEvent.NotifyType == MarketEvent.AppStateChange && marketEvent.Payload["app_name"]?.GetValue<string>() is { Length: > 0 } app)
            {
                buffer.TryEnqueueState(subject, body, marketEvent.User, app); // a state change may be superseded after an outage
            }
            else
            {
                buffer.TryEnqueue(subject, body);
            }
        }

        return inner.PublishAsync(marketEvent, cancellationToken);
    }

    public IDisposable Subscribe(Func<MarketEvent, ValueTask> listener) => inner.Subscribe(listener);
}
