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

    /// <summary>
    /// A large segment goes out this much at a time. Each write waits until the connection's output drains below
    /// Kestrel's response buffer (64 KB by default), so a response in flight holds at most about this much of the pinned
    /// block pool, not the whole 800 KB catalog: eight readers of the full document held 6.5 MB of 4 KB blocks before,
    /// about 2 MB now. 64 KB slices held less but served the document 10–15 % slower; 256 KB served it as fast.
    /// </summary>
    private const int Slice = 256 * 1024;

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
                for (var offset = 0; offset < chunk.Length; offset += Slice)
                {
                    await body.WriteAsync(chunk.Slice(offset, Math.Min(Slice, chunk.Length - offset)), context.RequestAborted);
                }
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
