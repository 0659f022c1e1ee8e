using System.Net;
using System.Text.Json.Nodes;
using Market.Api.Infrastructure.Health;
using Market.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Data.Sqlite;

namespace Market.Api.Tests;

public sealed class HealthAndDocsTests
{
    private MarketApiFactory _factory = null!;

    [OneTimeSetUp]
    public void Start() => _factory = new MarketApiFactory();

    [OneTimeTearDown]
    public void Stop() => _factory.Dispose();

    [Test]
    public async Task Live_answers_without_identity()
    {
        using var client = _factory.CreateClient();

        var envelope = await (await client.GetAsync("/healthz/live")).ReadEnvelopeAsync(HttpStatusCode.OK);

        Assert.That(envelope.Message(), Is.EqualTo("Healthy"));
        Assert.That(envelope["data"]!["status"]!.GetValue<string>(), Is.EqualTo("Healthy"));
    }

    [Test]
    public async Task Live_is_never_cached_and_its_head_has_no_body()
    {
        using var client = _factory.CreateClient();

        var get = await client.GetAsync("/healthz/live");
        var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/healthz/live"));

        Assert.That(get.Headers.CacheControl?.NoStore, Is.True, "a probe must never read a cached answer");
        Assert.That(get.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        Assert.That(head.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(head.Content.Headers.ContentLength, Is.EqualTo((await get.Content.ReadAsByteArrayAsync()).Length));
        Assert.That(await head.Content.ReadAsByteArrayAsync(), Is.Empty);
    }

    [Test]
    public async Task Live_answers_the_bytes_the_health_endpoint_writes_for_its_empty_report()
    {
        using var client = _factory.CreateClient();
        var context = new DefaultHttpContext { RequestServices = _factory.Services };
        context.Response.Body = new MemoryStream();

        await HealthEnvelopeWriter.WriteAsync(context, new HealthReport(new Dictionary<string, HealthReportEntry>(), TimeSpan.Zero));
        var live = await client.GetByteArrayAsync("/healthz/live");

        Assert.That(live, Is.EqualTo(((MemoryStream)context.Response.Body).ToArray()), "liveness is answered before routing from constant bytes");
    }

    [Test]
    public async Task Ready_checks_the_database_and_no_redis_in_embedded_mode()
    {
        using var client = _factory.CreateClient();

        var envelope = await (await client.GetAsync("/healthz/ready")).ReadEnvelopeAsync(HttpStatusCode.OK);

        var checks = envelope["data"]!["checks"]!.AsObject();
        Assert.That(checks.Select(c => c.Key), Is.EquivalentTo(new[] { "database" }));
        Assert.That(checks["database"]!.GetValue<string>(), Is.EqualTo("Healthy"));
    }

    [Test]
    public async Task Ready_is_503_when_the_database_is_gone()
    {
        using var factory = new MarketApiFactory();
        using var client = factory.CreateClient();
        await (await client.GetAsync("/healthz/ready")).ReadEnvelopeAsync(HttpStatusCode.OK);

        // The database file and its folder vanish (a lost volume): no connection can be opened any more.
        // Background workers may hold a connection opened before the deletion; once the pools are cleared
        // after it, none survives, so readiness must turn 503 (polled, as a worker returns its connection).
        Directory.Delete(factory.DataFolder, recursive: true);
        var response = await Eventually.ValueAsync(
            async () =>
            {
                SqliteConnection.ClearAllPools();
                return await client.GetAsync("/healthz/ready");
            },
            r => r.StatusCode == HttpStatusCode.ServiceUnavailable,
            () => "readiness to turn 503",
            TimeSpan.FromSeconds(5));

        var envelope = await response.ReadEnvelopeAsync(HttpStatusCode.ServiceUnavailable);
        Assert.That(envelope.Message(), Is.EqualTo("Unhealthy"));
        Assert.That(envelope["data"]!["checks"]!["database"]!.GetValue<string>(), Is.EqualTo("Unhealthy"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(text, Does.Not.Contain("SQLite").And.Not.Contain("Exception"));
        await (await client.GetAsync("/healthz/live")).ReadEnvelopeAsync(HttpStatusCode.OK);
    }

    [Test]
    public async Task OpenApi_document_describes_the_routes()
    {
        using var client = _factory.CreateClient();

        var response = await client.GetAsync("/openapi/v1.json");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.That(paths, Is.SupersetOf(new[]
        {
            "/app-store/api/v2/settings/market-source",
            "/app-store/api/v2/settings/market-source/{id}",
            "/app-store/api/v2/settings/market-settings",
            "/app-store/api/v2/logs",
            "/app-store/api/v2/events",
        }));
    }

    [Test]
    public async Task Scalar_ui_is_served()
    {
        using var client = _factory.CreateClient();

        var response = await client.GetAsync("/scalar/");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
    }
}
