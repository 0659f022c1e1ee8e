using System.Collections.Concurrent;
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
/// <para>State changes that an outage held back must not land after fresher ones (another replica's, or this
/// one's after the reconcile): every app whose state change was buffered while away gets a refresh when the
/// connection opens and again after the reconcile (<see cref="RefreshAfterReconcile"/>). A refresh supersedes
/// the app's buffered state changes (they are dropped) and is sent as the database's state at the moment it
/// goes out (ADR 0011).</para>
/// </summary>
internal sealed partial class NatsPublishBuffer : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(500);

    private readonly Channel<Outgoing> _queue;
    private readonly NatsConnectionHolder _holder;
    private readonly NatsStateRefresh _refresh;
    private readonly NatsCounters _counters;
    private readonly ILogger<NatsPublishBuffer> _logger;
    private readonly ConcurrentDictionary<AppKey, long> _latest = new();
    private readonly ConcurrentDictionary<AppKey, string> _changedWhileAway = new();
    private Dictionary<AppKey, string> _awaitingReconcile = [];
    private long _sequence;

    public NatsPublishBuffer(NatsConnectionHolder holder, NatsStateRefresh refresh, NatsCounters counters, IOptions<NatsOptions> options, ILogger<NatsPublishBuffer> logger)
    {
        _holder = holder;
        _refresh = refresh;
        _counters = counters;
        _logger = logger;
        _queue = Channel.CreateBounded<Outgoing>(new BoundedChannelOptions(options.Value.PublishBufferSize)
        {
            FullMode = BoundedChannelFullMode.Wait, // TryWrite then answers false instead of evicting queued messages
            SingleReader = true,
        });
        holder.Opened += OnOpenedAsync;
    }

    public int Buffered => _queue.Reader.Count;

    /// <summary>Queues a message; false (and counted) when the buffer is full.</summary>
    public bool TryEnqueue(string subject, byte[] body) => Write(new Outgoing(subject, body, null, 0, false));

    /// <summary>Queues the <c>app_state_change</c> of <paramref name="user"/>'s <paramref name="app"/>, remembered when NATS is away.</summary>
    public bool TryEnqueueState(string subject, byte[] body, string user, string app)
    {
        var key = new AppKey(user, app);
        var away = !_holder.IsConnected;
        if (away)
        {
            _changedWhileAway[key] = subject;
        }

        return Write(new Outgoing(subject, body, key, Stamp(key), away));
    }

    /// <summary>The reconcile after a reconnect is done: what changed while away goes out once more, as it stands now.</summary>
    public void RefreshAfterReconcile()
    {
        var keys = Interlocked.Exchange(ref _awaitingReconcile, []);
        QueueRefreshes(keys);
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
                    if (IsSuperseded(message))
                    {
                        reader.TryRead(out _);
                        continue;
                    }

                    await _holder.WaitOpenAsync(stoppingToken);
                    try
                    {
                        if (await BodyOfAsync(message, stoppingToken) is { } body)
                        {
                            await _holder.Connection.PublishAsync(message.Subject, body, cancellationToken: stoppingToken);
                            _counters.CountPublished();
                        }

                        reader.TryRead(out _);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        // Lost the connection mid-publish (or the database for a refresh): keep the message and try again.
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

    public override void Dispose()
    {
        _holder.Opened -= OnOpenedAsync;
        base.Dispose();
    }

    private Task OnOpenedAsync(bool reconnect)
    {
        var changed = new Dictionary<AppKey, string>();
        foreach (var key in _changedWhileAway.Keys)
        {
            if (_changedWhileAway.TryRemove(key, out var subject))
            {
                changed[key] = subject;
            }
        }

        var awaiting = Interlocked.Exchange(ref _awaitingReconcile, []);
        foreach (var (key, subject) in changed)
        {
            awaiting[key] = subject;
        }

        _awaitingReconcile = awaiting;
        QueueRefreshes(changed);
        return Task.CompletedTask;
    }

    /// <summary>Queued behind what is buffered (waiting for room rather than being dropped); each supersedes its app's buffered changes.</summary>
    private void QueueRefreshes(Dictionary<AppKey, string> keys)
    {
        if (keys.Count == 0)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            foreach (var (key, subject) in keys)
            {
                try
                {
                    await _queue.Writer.WriteAsync(new Outgoing(subject, null, key, Stamp(key), false));
                }
                catch (ChannelClosedException)
                {
                    return;
                }
            }
        });
    }

    /// <summary>A state change buffered while away, or a refresh, that something newer about the same app has replaced.</summary>
    private bool IsSuperseded(Outgoing message) =>
        message.Key is { } key && (message.Away || message.Body is null)
        && _latest.TryGetValue(key, out var latest) && latest != message.Sequence;

    private async Task<byte[]?> BodyOfAsync(Outgoing message, CancellationToken cancellationToken) =>
        message.Body ?? await _refresh.BodyAsync(message.Key!.Value.User, message.Key.Value.App, cancellationToken);

    private long Stamp(AppKey key)
    {
        var sequence = Interlocked.Increment(ref _sequence);
        _latest[key] = sequence;
        return sequence;
    }

    private bool Write(Outgoing message)
    {
        if (_queue.Writer.TryWrite(message))
        {
            return true;
        }

        _counters.CountPublishDropped();
        return false;
    }

    private readonly record struct AppKey(string User, string App);

    /// <summary>A message; a refresh has no body (it is read when it goes out).</summary>
    private sealed record Outgoing(string Subject, byte[]? Body, AppKey? Key, long Sequence, bool Away);

    [LoggerMessage(Level = LogLevel.Warning, Message = "NATS publish failed ({Error}); retrying")]
    private static partial void LogPublishRetry(ILogger logger, string error);
}
