using System.Net;
using System.Text;
using Market.Api.Tests.Infrastructure;
using Market.Application.Common.Interfaces;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace Market.Api.Tests;

/// <summary>Whatever the input, the answer is the JSON envelope: unknown routes, wrong methods, big or broken bodies, crashes.</summary>
public sealed class EnvelopeTests
{
    private MarketApiFactory _factory = null!;
    private HttpClient _alice = null!;

    [OneTimeSetUp]
    public void Start()
    {
        _factory = new MarketApiFactory();
        _alice = _factory.CreateUserClient("alice");
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _alice.Dispose();
        _factory.Dispose();
    }

    [TestCase("/app-store/api/v2/nothing-here")]
    [TestCase("/app-store/api/v2/settings")]
    [TestCase("/app-store/api/v1/logs")]
    [TestCase("//app-store/api/v2/logs")]
    [TestCase("/app-store/api/v2/settings/market-source/a/b")]
    public async Task Unknown_routes_are_a_404_envelope(string path)
    {
        var envelope = await (await _alice.GetAsync(path)).ReadEnvelopeAsync(HttpStatusCode.NotFound);

        Assert.That(envelope.Message(), Does.StartWith("No route matches GET "));
    }

    [TestCase("PUT", "/app-store/api/v2/logs", "GET")]
    [TestCase("DELETE", "/app-store/api/v2/settings/market-source", "GET, POST")]
    [TestCase("PATCH", "/app-store/api/v2/settings/market-settings", "GET, PUT")]
    [TestCase("GET", "/app-store/api/v2/settings/market-source/market.olares", "DELETE")]
    [TestCase("OPTIONS", "/app-store/api/v2/settings/market-source", "GET, POST")]
    [TestCase("POST", "/healthz/live", "GET, HEAD")]
    public async Task Wrong_methods_are_a_405_envelope_with_Allow(string method, string path, string allow)
    {
        var response = await _alice.SendAsync(new HttpMethod(method), path);

        var envelope = await response.ReadEnvelopeAsync(HttpStatusCode.MethodNotAllowed);
        Assert.That(envelope.Message(), Is.EqualTo($"Method {method} is not allowed on {path}"));
        Assert.That(string.Join(", ", response.Content.Headers.Allow.Order()), Is.EqualTo(allow));
    }

    [Test]
    public async Task Head_on_an_api_route_is_405_typed_as_json()
    {
        var response = await _alice.SendAsync(new HttpRequestMessage(HttpMethod.Head, HttpExtensions.Prefix + "/logs"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.MethodNotAllowed));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        Assert.That(response.Content.Headers.Allow, Is.EquivalentTo(new[] { "GET" }));
    }

    [Test]
    public async Task A_json_body_over_one_MiB_is_a_413_envelope()
    {
        using var admin = _factory.CreateUserClient("admin");
        var description = new string('x', 1024 * 1024);
        var body = $$"""{"id":"market.big","base_url":"https://big.example","description":"{{description}}"}""";

        var response = await admin.PostAsync(HttpExtensions.Prefix + "/settings/market-source", HttpExtensions.Json(body));

        var envelope = await response.ReadEnvelopeAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.That(envelope.Message(), Is.EqualTo("Request body too large (limit 1048576 bytes)"));
        var list = await (await admin.GetAsync(HttpExtensions.Prefix + "/settings/market-source")).ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(list["data"]!.ToJsonString(), Does.Not.Contain("market.big"));
    }

    [Test]
    public async Task A_json_body_of_exactly_one_MiB_is_read()
    {
        using var admin = _factory.CreateUserClient("admin");
        var head = "{\"id\":\"market.edge\",\"base_url\":\"https://edge.example\",\"name\":\"Edge\",\"x\":\"";
        var body = head + new string(' ', (1024 * 1024) - head.Length - 2) + "\"}";
        Assert.That(Encoding.UTF8.GetByteCount(body), Is.EqualTo(1024 * 1024));

        var response = await admin.PostAsync(HttpExtensions.Prefix + "/settings/market-source", HttpExtensions.Json(body));

        await response.ReadEnvelopeAsync(HttpStatusCode.OK);
    }

    [Test]
    public async Task An_unexpected_error_is_a_500_envelope_without_detail()
    {
        var db = new Mock<IMarketDbContext>();
        db.SetupGet(d => d.UserSettings).Throws(new InvalidOperationException("connection string Password=hunter2 at /srv/secret"));
        using var broken = _factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddScoped(_ => db.Object)));
        using var client = broken.CreateClient();
        client.DefaultRequestHeaders.Add("X-Bfl-User", "alice");

        var response = await client.GetAsync(HttpExtensions.Prefix + "/settings/market-settings");

        var text = await response.Content.ReadAsStringAsync();
        var envelope = await response.ReadEnvelopeAsync(HttpStatusCode.InternalServerError);
        Assert.That(envelope.Message(), Is.EqualTo("Internal server error"));
        Assert.That(envelope.ContainsKey("data"), Is.False);
        Assert.That(text, Does.Not.Contain("hunter2").And.Not.Contain("InvalidOperationException").And.Not.Contain(" at "));
    }

    [Test]
    public async Task An_unexpected_error_on_a_catalog_read_answers_with_the_routes_own_message()
    {
        var cache = new Mock<IMarketViewCache>();
        cache.Setup(c => c.GetHashAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ThrowsAsync(new InvalidOperationException("redis at /srv/secret"));
        using var broken = _factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton(cache.Object)));
        using var client = broken.CreateClient();
        client.DefaultRequestHeaders.Add("X-Bfl-User", "alice");

        var envelope = await (await client.GetAsync(HttpExtensions.Prefix + "/market/hash")).ReadEnvelopeAsync(HttpStatusCode.InternalServerError);

        Assert.That(envelope.Message(), Is.EqualTo("Failed to retrieve market hash"));
        Assert.That(envelope.ContainsKey("data"), Is.False);
    }

    [Test]
    public async Task Every_answer_to_odd_requests_is_json_never_plain_text()
    {
        (string Method, string Path, string? Body)[] probes =
        [
            ("HEAD", "/app-store/api/v2/settings/market-source", null),
            ("HEAD", "/app-store/api/v2/events", null),
            ("HEAD", "/ws", null),
            ("OPTIONS", "/app-store/api/v2/logs", null),
            ("OPTIONS", "/", null),
            ("GET", "/app-store/api/v2/logs/", null),
            ("GET", "/app-store/api/v2/settings/market-source/", null),
            ("GET", "//app-store/api/v2/settings/market-source", null),
            ("GET", "/app-store/api/v2/../v2/logs", null),
            ("GET", "/app-store/api/v2/logs?size=%ZZ", null),
            ("GET", "/app-store/api/v2/%", null),
            ("GET", "/APP-STORE/API/V2/LOGS", null),
            ("POST", "/app-store/api/v2/logs", "{}"),
            ("TRACE", "/app-store/api/v2/logs", null),
            ("DELETE", "/app-store/api/v2/settings/market-source/", null),
            ("PUT", "/app-store/api/v2/settings/market-settings", "\u0000\u0001"),
            ("PUT", "/app-store/api/v2/settings/market-settings", "{\"selected_source\":\"" + new string('a', 5000) + "\"}"),
            ("POST", "/app-store/api/v2/settings/market-source", "{\"id\":\"market.deep\",\"base_url\":" + new string('[', 100) + new string(']', 100) + "}"),
            ("GET", "/healthz/live/", null),
            ("GET", "/healthz", null),
            ("GET", "/openapi/v2.json", null),
        ];

        foreach (var (method, path, body) in probes)
        {
            using var admin = _factory.CreateUserClient("admin");
            var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
            if (body is not null)
            {
                request.Content = HttpExtensions.Json(body);
            }

            var response = await admin.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();

            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"), $"{method} {path} → {(int)response.StatusCode} {text}");
            if (method != "HEAD")
            {
                Assert.That(text, Does.StartWith("{\"success\":"), $"{method} {path}");
            }
        }
    }

    [Test]
    public async Task Success_answers_are_envelopes_in_key_order()
    {
        var response = await _alice.GetAsync(HttpExtensions.Prefix + "/settings/market-settings");

        var text = await response.Content.ReadAsStringAsync();
        Assert.That(text, Does.StartWith("{\"success\":true,\"message\":\"Market settings retrieved successfully\",\"data\":{"));
    }
}
