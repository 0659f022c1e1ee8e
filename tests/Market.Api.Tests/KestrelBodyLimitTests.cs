using System.Net;
using Market.Api.Tests.Infrastructure;

namespace Market.Api.Tests;

/// <summary>The body limit as the real server enforces it: a chunked body (no Content-Length) is cut at 1 MiB.</summary>
public sealed class KestrelBodyLimitTests
{
    [Test]
    public async Task A_chunked_json_body_over_one_MiB_is_a_413_envelope()
    {
        using var factory = new MarketApiFactory(new Dictionary<string, string?> { ["urls"] = "http://127.0.0.1:0" });
        factory.UseKestrel(0);
        factory.StartServer();
        using var admin = factory.CreateUserClient("admin");
        var body = $$"""{"id":"market.chunked","base_url":"https://c.example","description":"{{new string('x', 2 * 1024 * 1024)}}"}""";
        var content = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(body)));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, HttpExtensions.Prefix + "/settings/market-source") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await admin.SendAsync(request);

        var envelope = await response.ReadEnvelopeAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.That(envelope.Message(), Is.EqualTo("Request body too large"));
        Assert.That(admin.BaseAddress!.Port, Is.Not.EqualTo(80).And.Not.EqualTo(8080), "a real server on a free port, not the in-memory test server");
    }
}
