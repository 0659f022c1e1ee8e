using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Market.Api.Tests.Hostile;

/// <summary>
/// Requests written byte for byte on a TCP socket, for what an HTTP client refuses to send (a chunk size
/// that overflows, a body whose bytes contradict its charset), and the answer read back as status,
/// headers and body (chunked answers decoded).
/// </summary>
public static class RawHttp
{
    public sealed record Answer(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
    {
        public JsonObject Envelope()
        {
            Assert.That(Headers.GetValueOrDefault("content-type"), Does.StartWith("application/json"), $"{Status}: {Body}");
            var envelope = JsonNode.Parse(Body)!.AsObject();
            Assert.That(envelope.Select(p => p.Key).Take(2), Is.EqualTo(new[] { "success", "message" }), Body);
            Assert.That(envelope["success"]!.GetValue<bool>(), Is.EqualTo(Status < 400), Body);
            return envelope;
        }
    }

    /// <summary>Sends <paramref name="head"/> (request line and headers, without the blank line) and <paramref name="body"/>.</summary>
    public static async Task<Answer> SendAsync(int port, string head, byte[]? body = null)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        await using var stream = client.GetStream();
        var bytes = Encoding.Latin1.GetBytes(head.TrimEnd('\r', '\n').Replace("\r\n", "\n").Replace("\n", "\r\n") + "\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(bytes);
        if (body is not null)
        {
            await stream.WriteAsync(body);
        }

        using var read = new MemoryStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await stream.CopyToAsync(read, timeout.Token);
        return Parse(read.ToArray());
    }

    public static byte[] Chunked(params string[] chunks)
    {
        var builder = new StringBuilder();
        foreach (var chunk in chunks)
        {
            builder.Append(Encoding.UTF8.GetByteCount(chunk).ToString("x")).Append("\r\n").Append(chunk).Append("\r\n");
        }

        return Encoding.UTF8.GetBytes(builder.Append("0\r\n\r\n").ToString());
    }

    private static Answer Parse(byte[] raw)
    {
        var text = Encoding.Latin1.GetString(raw);
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.That(split, Is.GreaterThan(0), $"no HTTP answer: {text}");
        var lines = text[..split].Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1]);
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim());
        var body = raw.AsSpan(split + 4).ToArray();
        if (headers.GetValueOrDefault("transfer-encoding")?.Contains("chunked", StringComparison.OrdinalIgnoreCase) == true)
        {
            body = Dechunk(body);
        }

        return new Answer(status, headers, Encoding.UTF8.GetString(body));
    }

    private static byte[] Dechunk(byte[] body)
    {
        using var output = new MemoryStream();
        var at = 0;
        while (at < body.Length)
        {
            var lineEnd = Array.IndexOf(body, (byte)'\n', at);
            var size = Convert.ToInt32(Encoding.ASCII.GetString(body, at, lineEnd - at).Trim().Split(';')[0], 16);
            if (size == 0)
            {
                break;
            }

            output.Write(body, lineEnd + 1, size);
            at = lineEnd + 1 + size + 2;
        }

        return output.ToArray();
    }
}
