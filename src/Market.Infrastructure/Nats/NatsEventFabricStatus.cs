using Market.Application.Common.Interfaces;
using Market.Application.Runtime.Models;

namespace Market.Infrastructure.Nats;

internal sealed class NatsEventFabricStatus(NatsConnectionHolder holder, NatsPublishBuffer buffer, NatsCounters counters) : IEventFabricStatus
{
    public NatsDiagnosticDto GetStatus() => new()
    {
        Enabled = true,
        Connected = holder.IsConnected,
        Published = counters.Published,
        PublishDropped = counters.PublishDropped,
        PublishBuffered = buffer.Buffered,
        Received = counters.Received,
        ReceiveDropped = counters.ReceiveDropped,
        Reconnects = counters.Reconnects,
    };
}

/// <summary>NATS off: nothing to show.</summary>
internal sealed class DisabledEventFabricStatus : IEventFabricStatus
{
    public NatsDiagnosticDto GetStatus() => new();
}
