using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Market.Api.Realtime;

/// <summary>
/// One <c>/ws</c> connection speaking the web app's protocol: it answers <c>{"event":"ping"}</c> with
/// <c>{"event":"pong"}</c>, acknowledges <c>{"event":"login", …}</c> (the identity is the gateway's
/// <c>X-Bfl-User</c> on the upgrade request; the token in the login is never read or logged) and
/// forwards the user's events as they come.
/// </summary>
public sealed partial class WebSocketSession(WebSocket socket, string user, UserEventFeed feed, TimeProvider clock, ILogger logger) : IDisposable
{
    /// <summary>Largest client message read; the protocol's messages are a few hundred bytes.</summary>
    public const int MaxMessageBytes = 64 * 1024;

    private static readonly byte[] Pong = """{"event":"pong"}"""u8.ToArray();

    private readonly SemaphoreSlim _sendGate = new(1, 1);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pump = PumpEventsAsync(stop.Token);
        var closeStatus = WebSocketCloseStatus.NormalClosure;
        try
        {
            closeStatus = await ReceiveAsync(stop.Token);
        }
        catch (OperationCanceledException)
        {
            // Server stopping or request aborted.
            closeStatus = WebSocketCloseStatus.EndpointUnavailable;
        }
        catch (WebSocketException ex)
        {
            LogConnectionLost(logger, user, ex.WebSocketErrorCode.ToString());
        }
        finally
        {
            await stop.CancelAsync();
            await pump;
            await CloseAsync(closeStatus);
        }
    }

    public void Dispose() => _sendGate.Dispose();

    private async Task<WebSocketCloseStatus> ReceiveAsync(CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(MaxMessageBytes);
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (length == MaxMessageBytes)
                    {
                        return WebSocketCloseStatus.MessageTooBig;
                    }

                    result = await socket.ReceiveAsync(buffer.AsMemory(length, MaxMessageBytes - length), cancellationToken);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return WebSocketCloseStatus.NormalClosure;
                    }

                    length += result.Count;
                }
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Text)
                {
                    await HandleClientMessageAsync(buffer.AsMemory(0, length), cancellationToken);
                }
            }

            return WebSocketCloseStatus.NormalClosure;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task HandleClientMessageAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        string? eventName;
        try
        {
            using var document = JsonDocument.Parse(message);
            eventName = document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("event", out var value)
                && value.ValueKind == JsonValueKind.String
                    ? value.GetString()
                    : null;
        }
        catch (JsonException)
        {
            return; // Not ours to answer; the client only sends login and ping.
        }

        switch (eventName)
        {
            case "ping":
                await SendAsync(Pong, cancellationToken);
                break;
            case "login":
                await SendAsync(Encoding.UTF8.GetBytes(LoginAck(user)), cancellationToken);
                break;
        }
    }

    private async Task PumpEventsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var marketEvent in feed.Reader.ReadAllAsync(cancellationToken))
            {
                var json = PushMessage.ToJson(marketEvent, clock.GetUtcNow());
                await SendAsync(Encoding.UTF8.GetBytes(json), cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // Connection ending.
        }
        catch (WebSocketException ex)
        {
            LogConnectionLost(logger, user, ex.WebSocketErrorCode.ToString());
        }
    }

    private async Task SendAsync(byte[] message, CancellationToken cancellationToken)
    {
        await _sendGate.WaitAsync(cancellationToken);
        try
        {
            if (socket.State == WebSocketState.Open)
            {
                await socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            }
        }
        finally
        {
            _sendGate.Release();
        }
    }

    private async Task CloseAsync(WebSocketCloseStatus status)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await socket.CloseOutputAsync(status, null, timeout.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The peer is gone already.
        }
    }

    private static string LoginAck(string user) =>
        JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["event"] = "login",
            ["data"] = new Dictionary<string, object> { ["success"] = true, ["user"] = user },
        });

    [LoggerMessage(Level = LogLevel.Debug, Message = "WebSocket of {User} ended: {Reason}")]
    private static partial void LogConnectionLost(ILogger logger, string user, string reason);
}
