using System.Net;
using System.Text.Json.Nodes;
using Market.Integration.Tests.Apps;

namespace Market.Integration.Tests.Infrastructure;

/// <summary>An SSE connection to one replica, read line by line.</summary>
public sealed class SseStream : IDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private SseStream(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    public static async Task<SseStream> OpenAsync(HttpClient client)
    {
        var response = await client.GetAsync(IntegrationKit.Base + "/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var stream = new SseStream(response, new StreamReader(await response.Content.ReadAsStreamAsync()));
        Assert.That(await stream.ReadLineAsync(), Is.EqualTo(": connected"));
        return stream;
    }

    /// <summary>Reads until an event of <paramref name="name"/> about <paramref name="app"/> arrives.</summary>
    public async Task WaitForAsync(string name, string app)
    {
        while (true)
        {
            var line = await ReadLineAsync();
            if (line == $"event: {name}")
            {
                var data = await ReadLineAsync();
                if (data?.StartsWith("data: ", StringComparison.Ordinal) == true && JsonNode.Parse(data[6..])?["app_name"]?.GetValue<string>() == app)
                {
                    return;
                }
            }
        }
    }

    public void Dispose()
    {
        _reader.Dispose();
        _response.Dispose();
    }

    private async Task<string?> ReadLineAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var line = await _reader.ReadLineAsync(timeout.Token);
        Assert.That(line, Is.Not.Null, "the stream ended");
        return line;
    }
}
