using System.Text;

namespace Market.Api.Realtime;

/// <summary>
/// One <c>GET /app-store/api/v2/events</c> stream: <c>event: &lt;notify_type&gt;</c> plus
/// <c>data: &lt;json&gt;</c> per event, and a comment line every heartbeat so that idle proxies keep
/// the connection open.
/// </summary>
public sealed class ServerSentEventsSession(HttpResponse response, UserEventFeed feed, TimeProvider clock, TimeSpan heartbeat)
{
    public const string ContentType = "text/event-stream";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no"; // nginx must not buffer the stream
        await WriteAsync(": connected\n\n", cancellationToken);

        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                if (!await WaitForEventsAsync(cancellationToken))
                {
                    await WriteAsync(": heartbeat\n\n", cancellationToken);
                    continue;
                }

                var text = new StringBuilder();
                while (feed.Reader.TryRead(out var marketEvent))
                {
                    text.Append("event: ").Append(marketEvent.NotifyType).Append('\n')
                        .Append("data: ").Append(PushMessage.ToJson(marketEvent, clock.GetUtcNow())).Append("\n\n");
                }

                await WriteAsync(text.ToString(), cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // Client gone or server stopping.
        }
    }

    /// <summary>True when events are waiting; false when the heartbeat is due first.</summary>
    private async Task<bool> WaitForEventsAsync(CancellationToken cancellationToken)
    {
        using var beat = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        beat.CancelAfter(heartbeat);
        try
        {
            return await feed.Reader.WaitToReadAsync(beat.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task WriteAsync(string text, CancellationToken cancellationToken)
    {
        await response.WriteAsync(text, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
