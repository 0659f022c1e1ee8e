using System.Net;
using Market.Api.Tests.Apps;
using Market.Api.Tests.Infrastructure;
using Market.Domain.Apps;
using Market.Domain.Payments;
using Market.Infrastructure.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Api.Tests.Operate;

/// <summary><c>GET /metrics</c>: Prometheus text for admins, with request histograms and Market's own task counters.</summary>
[NonParallelizable]
public sealed class MetricsTests
{
    private MarketApiFactory _factory = null!;

    [OneTimeSetUp]
    public void Start() => _factory = new MarketApiFactory();

    [OneTimeTearDown]
    public void Stop() => _factory.Dispose();

    [Test]
    public async Task After_an_install_the_scrape_shows_request_histograms_and_task_counters()
    {
        using var user = _factory.CreateUserClient("mona");
        await AppTestKit.AddCatalogAppAsync(_factory, "gauges");
        var envelope = await (await user.SendJsonAsync(HttpMethod.Post, "/apps/gauges/install", AppTestKit.InstallBody("gauges", sync: false))).ReadEnvelopeAsync(HttpStatusCode.OK);
        await user.WaitForTaskAsync(envelope.TaskId());
        await AppTestKit.WaitForAppAsync(_factory, "mona", "gauges", a => a.State == AppState.Running);
        (await user.GetAsync(HttpExtensions.Prefix + "/market/hash")).EnsureSuccessStatusCode();

        using var admin = _factory.CreateUserClient("admin");
        var text = await ScrapeUntilAsync(admin, t => t.Contains("market_tasks_total{", StringComparison.Ordinal));

        Assert.That(text, Does.Contain("# TYPE http_server_request_duration_seconds histogram"));
        Assert.That(text, Does.Match(@"http_server_request_duration_seconds_bucket\{[^}]*http_route=""app-store/api/v2/apps/\{id\}/install"""));
        Assert.That(text, Does.Match(@"market_tasks_total\{[^}]*outcome=""completed""[^}]*type=""install""[^}]*\} [1-9]"));
        Assert.That(text, Does.Contain("market_tasks_duration_seconds_bucket{"));
        Assert.That(text, Does.Contain("market_view_cache_"), "view-cache lookups are counted");
        Assert.That(text, Does.Contain("process_runtime_dotnet_gc_collections_count_total").Or.Contain("dotnet_gc_collections_total"), "runtime metrics");
    }

    [Test]
    public async Task Only_admins_may_scrape()
    {
        using var anonymous = _factory.CreateRawClient();
        var refused = await (await anonymous.GetAsync("/metrics")).ReadEnvelopeAsync(HttpStatusCode.Unauthorized);
        Assert.That(refused.Message(), Is.EqualTo("Failed to get user information"));

        using var bob = _factory.CreateUserClient("bob");
        var forbidden = await (await bob.GetAsync("/metrics")).ReadEnvelopeAsync(HttpStatusCode.Forbidden);
        Assert.That(forbidden.Message(), Is.EqualTo("Admin privileges required"));
    }

    [Test]
    public async Task Live_connections_are_counted_while_open()
    {
        using var admin = _factory.CreateUserClient("admin");
        using var sse = _factory.CreateUserClient("nina");
        using var stream = await sse.GetAsync(HttpExtensions.Prefix + "/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.That(stream.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var text = await ScrapeUntilAsync(admin, t => t.Contains("market_realtime_connections{", StringComparison.Ordinal) && t.Contains("transport=\"sse\"", StringComparison.Ordinal));
        Assert.That(text, Does.Match(@"market_realtime_connections\{[^}]*transport=""sse""[^}]*\} [1-9]"));
    }

    [Test]
    public async Task Purchases_are_counted_by_payment_status()
    {
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
            db.Purchases.Add(Purchase.Start("mona", "market.olares", "app1", "ledger", "prod1", "dev.olares.com", DateTime.UtcNow));
            await db.SaveChangesAsync();
        }

        using var admin = _factory.CreateUserClient("admin");
        var text = await ScrapeUntilAsync(admin, t => t.Contains("market_payments_states{", StringComparison.Ordinal));

        Assert.That(text, Does.Match(@"market_payments_states\{[^}]*status=""[a-z_]+""[^}]*\} [1-9]"));
    }

    /// <summary>Scrapes until <paramref name="ready"/> holds: instruments record just after the state a test waits for, and scrapes are cached briefly.</summary>
    private static async Task<string> ScrapeUntilAsync(HttpClient admin, Func<string, bool> ready)
    {
        var last = string.Empty;
        return await Eventually.ValueAsync(
            async () =>
            {
                using var response = await admin.GetAsync("/metrics");
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
                Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/plain").Or.EqualTo("application/openmetrics-text"));
                return last = await response.Content.ReadAsStringAsync();
            },
            ready,
            () => "the expected metric in a scrape; the last one:\n" + last[..Math.Min(last.Length, 4000)],
            TimeSpan.FromSeconds(30));
    }
}
