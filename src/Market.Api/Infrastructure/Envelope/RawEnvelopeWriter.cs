using System.Buffers;
using System.Text;
using Market.Application.Common.Catalog;

namespace Market.Api.Infrastructure.Envelope;

/// <summary>
/// Writes <c>{"success":true,"message":…,"data":…}</c> from pre-serialized bytes: the hot reads skip the
/// serializer and its buffer, the body goes out with its <c>Content-Length</c> (no chunking), and a large
/// cached segment is copied once, into the connection's pooled output. The bytes are those
/// <see cref="ApiEnvelope"/> would produce.
/// </summary>
public static class RawEnvelopeWriter
{
    /// <summary>Above this a chunk is flushed on its own, so the output pipe never holds a whole catalog.</summary>
    private const int FlushAbove = 16 * 1024;

    private static readonly byte[] Close = "}"u8.ToArray();
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte[]> Heads = new(StringComparer.Ordinal);

    public static async Task WriteAsync(HttpContext context, string message, IReadOnlyList<ReadOnlyMemory<byte>> data)
    {
        var response = context.Response;
        var head = Head(message);
        long length = head.Length + Close.Length;
        for (var i = 0; i < data.Count; i++)
        {
            length += data[i].Length;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = length;

        var body = response.BodyWriter;
        body.Write(head);
        for (var i = 0; i < data.Count; i++)
        {
            var chunk = data[i];
            if (chunk.Length > FlushAbove)
            {
                await body.WriteAsync(chunk, context.RequestAborted);
            }
            else
            {
                body.Write(chunk.Span);
            }
        }

        body.Write(Close);
        await body.FlushAsync(context.RequestAborted);
    }

    /// <summary><c>{"hash":"…"}</c>, as the hash DTO serializes (a hex or base64url hash needs no escaping; anything else is escaped).</summary>
    public static byte[] HashData(string hash) => Encoding.UTF8.GetBytes("{\"hash\":" + MarketDocumentBytes.Quoted(hash) + "}");

    /// <summary><c>{"success":true,"message":"…","data":</c>; the few messages are constants, so their heads are kept.</summary>
    private static byte[] Head(string message) => Heads.GetOrAdd(message, static m =>
        Encoding.UTF8.GetBytes("{\"success\":true,\"message\":" + MarketDocumentBytes.Quoted(m) + ",\"data\":"));
}
