using System.Buffers;
using System.Text;
using Market.Application.Catalog.Views;
using Microsoft.AspNetCore.Mvc;

namespace Market.Api.Infrastructure.Envelope;

/// <summary>
/// 200 with <c>{"success":true,"message":…,"data":…}</c> written straight from pre-serialized bytes: the hot
/// reads (<c>/market/hash</c>, <c>/market/data</c>, <c>POST /apps</c>) skip the serializer and its buffer,
/// the body goes out with its <c>Content-Length</c> (no chunking), and a large cached segment is copied once,
/// into the connection's pooled output. The bytes are those <see cref="ApiEnvelope"/> would produce.
/// </summary>
public sealed class RawEnvelopeResult(string message, IReadOnlyList<ReadOnlyMemory<byte>> data) : IActionResult
{
    /// <summary>Above this a chunk is flushed on its own, so the output pipe never holds a whole catalog.</summary>
    private const int FlushAbove = 16 * 1024;

    private static readonly byte[] Close = "}"u8.ToArray();
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte[]> Heads = new(StringComparer.Ordinal);

    public RawEnvelopeResult(string message, ReadOnlyMemory<byte> data)
        : this(message, [data])
    {
    }

    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        var head = Head(message);
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = head.Length + data.Sum(d => (long)d.Length) + Close.Length;

        var body = response.BodyWriter;
        body.Write(head);
        foreach (var chunk in data)
        {
            if (chunk.Length > FlushAbove)
            {
                await body.WriteAsync(chunk, context.HttpContext.RequestAborted);
            }
            else
            {
                body.Write(chunk.Span);
            }
        }

        body.Write(Close);
        await body.FlushAsync(context.HttpContext.RequestAborted);
    }

    /// <summary><c>{"success":true,"message":"…","data":</c>; the few messages are constants, so their heads are kept.</summary>
    private static byte[] Head(string message) => Heads.GetOrAdd(message, static m =>
        Encoding.UTF8.GetBytes("{\"success\":true,\"message\":" + MarketDocumentBytes.Quoted(m) + ",\"data\":"));
}
