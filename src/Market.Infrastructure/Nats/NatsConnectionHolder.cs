using Market.Application.Common.Options;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NATS.Client.Core;

namespace Market.Infrastructure.Nats;

/// <summary>
/// The one NATS connection of this replica: connects in the background (the service starts while NATS is
/// away), reconnects forever, and tells listeners each time it is (re)opened so they can reconcile what was
/// missed. The password goes only into the connection options, never into a log line.
/// </summary>
internal sealed partial class NatsConnectionHolder : IHostedService, IAsyncDisposable
{
    private readonly NatsConnection _connection;
    private readonly NatsCounters _counters;
    private readonly ILogger<NatsConnectionHolder> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private TaskCompletionSource _opened = NewSignal();
    private Task _connect = Task.CompletedTask;
    private int _opens;
    private int _up;

    public NatsConnectionHolder(IOptions<NatsOptions> options, NatsCounters counters, ILogger<NatsConnectionHolder> logger)
    {
        var nats = options.Value;
        _counters = counters;
        _logger = logger;
        _connection = new NatsConnection(new NatsOpts
        {
            Url = nats.Url,
            Name = "olares-market",
            AuthOpts = nats.User.Length > 0 || nats.Password.Length > 0
                ? new NatsAuthOpts { Username = nats.User, Password = nats.Password }
                : NatsAuthOpts.Default,
            MaxReconnectRetry = -1,
            RetryOnInitialConnect = true,
            ReconnectWaitMin = TimeSpan.FromMilliseconds(200),
            ReconnectWaitMax = TimeSpan.FromSeconds(5),
            ConnectTimeout = TimeSpan.FromSeconds(5),
            // The client logs every failed reconnect attempt with a stack trace; this holder logs each change of the
            // connection's state once instead (issue 17).
            LoggerFactory = Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance,
        });
        _connection.ConnectionOpened += OnOpenedAsync;
        _connection.ConnectionDisconnected += OnDisconnectedAsync;
        _connection.MessageDropped += OnDroppedAsync;
    }

    /// <summary>Raised on the first connect and after every reconnect (true = a reconnect).</summary>
    public event Func<bool, Task>? Opened;

    public NatsConnection Connection => _connection;

    public bool IsConnected => _connection.ConnectionState == NatsConnectionState.Open;

    /// <summary>Completes when the connection is open (at once when it already is).</summary>
    public Task WaitOpenAsync(CancellationToken cancellationToken) =>
        IsConnected ? Task.CompletedTask : Volatile.Read(ref _opened).Task.WaitAsync(cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _connect = ConnectAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync();
        }

        await _connect;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync();
        }

        await _connection.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task ConnectAsync(CancellationToken stoppingToken)
    {
        try
        {
            // RetryOnInitialConnect keeps trying while the server is away; the wait is ended by stopping.
            await _connection.ConnectAsync().AsTask().WaitAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
        catch (Exception ex)
        {
            LogConnectFailed(_logger, ex.GetType().Name);
        }
    }

    private ValueTask OnOpenedAsync(object? sender, NatsEventArgs args)
    {
        var reconnect = Interlocked.Increment(ref _opens) > 1;
        if (reconnect)
        {
            _counters.CountReconnect();
        }

        Volatile.Write(ref _up, 1);
        LogOpened(_logger, reconnect);
        Interlocked.Exchange(ref _opened, NewSignal()).TrySetResult();
        if (Opened is { } opened)
        {
            // Listeners (the reconcile) run in the background: the client's event loop must not wait for them.
            _ = Task.Run(() => opened(reconnect));
        }

        return ValueTask.CompletedTask;
    }

    private ValueTask OnDisconnectedAsync(object? sender, NatsEventArgs args)
    {
        if (Interlocked.Exchange(ref _up, 0) == 1)
        {
            LogDisconnected(_logger); // once per outage, not per failed attempt
        }

        return ValueTask.CompletedTask;
    }

    private ValueTask OnDroppedAsync(object? sender, NatsMessageDroppedEventArgs args)
    {
        _counters.CountReceiveDropped();
        return ValueTask.CompletedTask;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(Level = LogLevel.Information, Message = "NATS connection open (reconnect: {Reconnect})")]
    private static partial void LogOpened(ILogger logger, bool reconnect);

    [LoggerMessage(Level = LogLevel.Warning, Message = "NATS connection lost; reconnecting in the background")]
    private static partial void LogDisconnected(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "NATS connect stopped: {Error}")]
    private static partial void LogConnectFailed(ILogger logger, string error);
}
