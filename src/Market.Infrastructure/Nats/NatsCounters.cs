namespace Market.Infrastructure.Nats;

/// <summary>This replica's NATS counters for <c>/diagnostic</c>.</summary>
internal sealed class NatsCounters
{
    private long _published;
    private long _publishDropped;
    private long _received;
    private long _receiveDropped;
    private long _reconnects;

    public long Published => Interlocked.Read(ref _published);

    public long PublishDropped => Interlocked.Read(ref _publishDropped);

    public long Received => Interlocked.Read(ref _received);

    public long ReceiveDropped => Interlocked.Read(ref _receiveDropped);

    public long Reconnects => Interlocked.Read(ref _reconnects);

    public void CountPublished() => Interlocked.Increment(ref _published);

    public void CountPublishDropped() => Interlocked.Increment(ref _publishDropped);

    public void CountReceived() => Interlocked.Increment(ref _received);

    public void CountReceiveDropped() => Interlocked.Increment(ref _receiveDropped);

    public void CountReconnect() => Interlocked.Increment(ref _reconnects);
}
