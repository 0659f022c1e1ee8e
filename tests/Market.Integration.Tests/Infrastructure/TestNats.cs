using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Market.Integration.Tests.Infrastructure;

/// <summary>
/// Where the real nats-server comes from: <c>MARKET_TEST_NATS</c> (shared; tests isolate themselves with
/// their own subject prefix), or a private <c>nats-server</c> process for tests that stop it. Missing →
/// ignored with the reason, or a failure when <c>MARKET_REQUIRE_INTEGRATION=1</c> (CI).
/// </summary>
public static class TestNats
{
    public const string ServerBinary = "/usr/sbin/nats-server";

    public static string Url()
    {
        if (Environment.GetEnvironmentVariable("MARKET_TEST_NATS") is { Length: > 0 } url)
        {
            return url;
        }

        Unavailable("no NATS: set MARKET_TEST_NATS (e.g. nats://127.0.0.1:54222)");
        return string.Empty;
    }

    /// <summary>A subject prefix no other test uses on the shared server.</summary>
    public static string NewPrefix() => "t" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>The Market:Nats settings of a deployment isolated under <paramref name="prefix"/>.</summary>
    public static Dictionary<string, string?> Settings(string url, string prefix) => new()
    {
        ["Market:Nats:Url"] = url,
        ["Market:Nats:MarketSubject"] = $"{prefix}.market",
        ["Market:Nats:AppStateSubject"] = $"{prefix}.application.*",
        ["Market:Nats:UsersSubject"] = $"{prefix}.users",
        ["Market:Nats:UserStateSubject"] = $"{prefix}.user-state",
    };

    public static void Unavailable(string reason)
    {
        if (TestInfrastructure.Required)
        {
            Assert.Fail(reason + " — MARKET_REQUIRE_INTEGRATION=1 makes this a failure");
        }

        Skip.Because(reason);
    }

    public static async Task<NatsConnection> ConnectAsync(string url)
    {
        var connection = new NatsConnection(new NatsOpts { Url = url, MaxReconnectRetry = -1, ReconnectWaitMin = TimeSpan.FromMilliseconds(100), ReconnectWaitMax = TimeSpan.FromMilliseconds(500) });
        await connection.ConnectAsync();
        return connection;
    }

    public static Task PublishJsonAsync(this NatsConnection connection, string subject, JsonObject body) =>
        connection.PublishAsync(subject, body.ToJsonString()).AsTask();
}

/// <summary>Every message on a subject (wildcards allowed), in arrival order, with a bounded wait for one that matches.</summary>
public sealed class NatsRecorder : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private NatsRecorder(NatsConnection connection, string subject, TaskCompletionSource ready)
    {
        _loop = Task.Run(async () =>
        {
            await using var subscription = await connection.SubscribeCoreAsync<string>(subject, cancellationToken: _stop.Token);
            ready.TrySetResult();
            await foreach (var message in subscription.Msgs.ReadAllAsync(_stop.Token))
            {
                Messages.Enqueue((message.Subject, JsonNode.Parse(message.Data!)!.AsObject()));
            }
        });
    }

    public ConcurrentQueue<(string Subject, JsonObject Body)> Messages { get; } = new();

    public static async Task<NatsRecorder> StartAsync(NatsConnection connection, string subject)
    {
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var recorder = new NatsRecorder(connection, subject, ready);
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await connection.PingAsync(); // the subscription is registered with the server
        return recorder;
    }

    /// <summary>True when a matching message arrived within <paramref name="timeout"/> (no assertion).</summary>
    public Task<bool> TryWaitForAsync(Func<JsonObject, bool> predicate, TimeSpan timeout) =>
        Eventually.WithinAsync(() => Task.FromResult(Messages.Any(m => predicate(m.Body))), timeout);

    public Task<JsonObject> WaitForAsync(Func<JsonObject, bool> predicate, string what, int timeoutSeconds = 30) =>
        Eventually.ValueAsync<JsonObject>(
            () => Task.FromResult<JsonObject?>(Messages.FirstOrDefault(m => predicate(m.Body)).Body),
            _ => true,
            () => $"a NATS message {what}; got: {string.Join(" | ", Messages.Select(m => m.Body.ToJsonString()))}",
            TimeSpan.FromSeconds(timeoutSeconds));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }
}

/// <summary>A nats-server of the test's own on a free loopback port, which the test may stop and start again.</summary>
public sealed class PrivateNatsServer : IAsyncDisposable
{
    private Process? _process;

    private readonly string? _storeDir;

    private PrivateNatsServer(int port, string? storeDir)
    {
        Port = port;
        _storeDir = storeDir;
    }

    public int Port { get; }

    public string Url => $"nats://127.0.0.1:{Port}";

    /// <param name="jetStream">Also JetStream, stored in a folder that survives <see cref="StopAsync"/>: a stream keeps what was published while a subscriber was reconnecting.</param>
    public static async Task<PrivateNatsServer> StartAsync(bool jetStream = false)
    {
        if (!File.Exists(TestNats.ServerBinary))
        {
            TestNats.Unavailable($"no {TestNats.ServerBinary} to run a private NATS server");
        }

        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var server = new PrivateNatsServer(port, jetStream ? Directory.CreateTempSubdirectory("market-nats-js").FullName : null);
        await server.StartAgainAsync();
        return server;
    }

    public async Task StartAgainAsync()
    {
        _process = Process.Start(new ProcessStartInfo(TestNats.ServerBinary, $"-a 127.0.0.1 -p {Port}" + (_storeDir is null ? string.Empty : $" -js -sd {_storeDir}"))
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        await Eventually.HoldsAsync(
            async () =>
            {
                try
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync(IPAddress.Loopback, Port);
                    return true;
                }
                catch (SocketException)
                {
                    return false;
                }
            },
            "the private nats-server to accept connections",
            TimeSpan.FromSeconds(10));
    }

    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (_storeDir is not null)
        {
            Directory.Delete(_storeDir, recursive: true);
        }
    }
}

/// <summary>
/// Every message on a subject, kept by the server in a JetStream stream: unlike a core subscription, nothing is missed
/// while the recorder's own connection is reconnecting after a server restart (Market may publish first).
/// </summary>
public sealed class NatsStreamRecorder
{
    private readonly NatsJSContext _js;
    private readonly string _stream;

    private NatsStreamRecorder(NatsJSContext js, string stream)
    {
        _js = js;
        _stream = stream;
    }

    public static async Task<NatsStreamRecorder> StartAsync(NatsConnection connection, string subject)
    {
        var js = new NatsJSContext(connection);
        var stream = "rec" + Guid.NewGuid().ToString("N")[..12];
        await js.CreateStreamAsync(new StreamConfig(stream, [subject]) { Storage = StreamConfigStorage.File });
        return new NatsStreamRecorder(js, stream);
    }

    public Task<JsonObject> WaitForAsync(Func<JsonObject, bool> predicate, string what, int timeoutSeconds = 30)
    {
        IReadOnlyList<JsonObject> seen = [];
        return Eventually.ValueAsync<JsonObject>(
            async () => (seen = await ReadAllAsync()).FirstOrDefault(predicate),
            _ => true,
            () => $"a NATS message {what}; stored: {string.Join(" | ", seen.Select(m => m.ToJsonString()))}",
            TimeSpan.FromSeconds(timeoutSeconds));
    }

    /// <summary>What the stream holds, oldest first; nothing while the server is still coming back.</summary>
    private async Task<IReadOnlyList<JsonObject>> ReadAllAsync()
    {
        var messages = new List<JsonObject>();
        try
        {
            var consumer = await _js.CreateOrderedConsumerAsync(_stream);
            await foreach (var message in consumer.FetchNoWaitAsync<string>(new NatsJSFetchOpts { MaxMsgs = 10_000 }))
            {
                messages.Add(JsonNode.Parse(message.Data!)!.AsObject());
            }
        }
        catch (Exception ex) when (ex is NatsException or TimeoutException or OperationCanceledException)
        {
            return [];
        }

        return messages;
    }
}
