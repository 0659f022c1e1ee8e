using System.Threading.Channels;
using Market.Application.Common.Options;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Market.Infrastructure.Nats;

/// <summary>
/// Every publish goes through here: callers only enqueue (never wait for NATS), one pump hands messages to
/// the connection in order while it is open. When an outage outlasts the buffer, new messages are dropped
/// and counted (<c>/diagnostic</c>) — a request is never failed or slowed by NATS.
/// </summary>
internal sealed partial class NatsPublishBuffer : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(500);

    private readonly Channel<(string Subject, byte[] Body)> _queue;
    private readonly NatsConnectionHolder _holder;
    private readonly NatsCounters _counters;
    private readonly ILogger<NatsPublishBuffer> _logger;

    public NatsPublishBuffer(NatsConnectionHolder holder, NatsCounters counters, IOptions<NatsOptions> options, ILogger<NatsPublishBuffer> logger)
    {
        _holder = holder;
        _counters = counters;
        _logger = logger;
        _queue = Channel.CreateBounded<(string, byte[])>(new BoundedChannelOptions(options.Value.PublishBufferSize)
        {
            FullMode = BoundedChannelFullMode.Wait, // TryWrite then answers false instead of evicting queued messages
            SingleReader = true,
        });
    }

    public int Buffered => _queue.Reader.Count;

    /// <summary>Queues a message; false (and counted) when the buffer is full.</summary>
    public bool TryEnqueue(string subject, byte[] body)
    {
        if (_queue.Writer.TryWrite((subject, body)))
        {
            return true;
        }

        _counters.CountPublishDropped();
        return false;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken))
            {
                while (reader.TryPeek(out var message))
                {
                    await _holder.WaitOpenAsync(stoppingToken);
                    try
                    {
                        await _holder.Connection.PublishAsync(message.Subject, message.Body, cancellationToken: stoppingToken);
                        reader.TryRead(out _);
                        _counters.CountPublished();
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        // Lost the connection mid-publish: keep the message and try again once it is back.
                        LogPublishRetry(_logger, ex.GetType().Name);
                        await Task.Delay(RetryDelay, stoppingToken);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: what is still queued is lost with the process, like any in-memory buffer.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "NATS publish failed ({Error}); retrying")]
    private static partial void LogPublishRetry(ILogger logger, string error);
}
