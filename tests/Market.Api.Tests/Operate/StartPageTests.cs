using System.Net;
using Market.Api.Tests.Infrastructure;

namespace Market.Api.Tests.Operate;

/// <summary><c>GET /</c>: a start page linking everything an operator looks at, under the dashboards' policy.</summary>
public sealed class StartPageTests
{
    [Test]
    public async Task The_start_page_links_the_dashboards_docs_health_and_metrics_with_version_and_mode()
    {
        using var factory = new MarketApiFactory();
        using var browser = factory.CreateRawClient();
        using var response = await browser.GetAsync("/");
        var html = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
        Assert.That(response.Headers.GetValues("Content-Security-Policy").Single(), Does.Contain("default-src 'none'"));
        foreach (var href in new[] { "/app-store/api/v2/runtime/dashboard", "/app-store/api/v2/runtime/dashboard-app", "/scalar", "/openapi/v1.json", "/healthz/ready", "/metrics" })
        {
            Assert.That(html, Does.Contain($"href=\"{href}\""), href);
        }

        Assert.That(html, Does.Match(@"id=""version"">\d+\.\d+\.\d+"));
        Assert.That(html, Does.Contain("embedded (storage Sqlite, hot state Memory, runtime Simulated)"));
    }

    [Test]
    public async Task Other_methods_on_the_start_page_are_the_405_envelope()
    {
        using var factory = new MarketApiFactory();
        using var client = factory.CreateRawClient();
        var envelope = await (await client.PostAsync("/", null)).ReadEnvelopeAsync(HttpStatusCode.MethodNotAllowed);
        Assert.That(envelope["success"]!.GetValue<bool>(), Is.False);
    }
}
