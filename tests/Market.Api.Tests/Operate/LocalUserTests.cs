using System.Net;
using Market.Api.Infrastructure.Identity;
using Market.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Logs;

namespace Market.Api.Tests.Operate;

/// <summary><c>Market:Auth:LocalUser</c>: a browser on the operator's laptop is that user; never on a network address unless allowed.</summary>
public sealed class LocalUserTests
{
    [Test]
    public async Task Without_the_header_a_request_is_the_local_user()
    {
        using var factory = new MarketApiFactory(new Dictionary<string, string?> { ["Market:Auth:LocalUser"] = "admin" });
        using var browser = factory.CreateRawClient();

        var state = await (await browser.GetAsync(HttpExtensions.Prefix + "/runtime/state")).ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(state.Message(), Is.EqualTo("Runtime state retrieved successfully"));
        var status = await (await browser.GetAsync(HttpExtensions.Prefix + "/settings/system-status")).ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(status["data"]!["user_info"]!["username"]!.GetValue<string>(), Is.EqualTo("admin"));
        using var dashboard = await browser.GetAsync(HttpExtensions.Prefix + "/runtime/dashboard");
        Assert.That(dashboard.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var metrics = await browser.GetAsync("/metrics");
        Assert.That(metrics.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public void A_warning_is_logged_at_start()
    {
        var logs = new List<LogRecord>();
        using var root = new MarketApiFactory(new Dictionary<string, string?> { ["Market:Auth:LocalUser"] = "admin" });
        using var factory = root.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.ConfigureOpenTelemetryLoggerProvider(l => l.AddInMemoryExporter(logs))));
        using var client = factory.CreateClient();
        factory.Services.GetRequiredService<LoggerProvider>().ForceFlush();

        LogRecord[] snapshot;
        lock (logs)
        {
            snapshot = [.. logs];
        }

        var warning = snapshot.SingleOrDefault(l => l.Body?.StartsWith("Market:Auth:LocalUser is set", StringComparison.Ordinal) == true);
        Assert.That(warning, Is.Not.Null, "the start-up warning");
        Assert.That(warning!.LogLevel, Is.EqualTo(Microsoft.Extensions.Logging.LogLevel.Warning));
        Assert.That(warning.Attributes!.Single(a => a.Key == "User").Value, Is.EqualTo("admin"));
    }

    [Test]
    public async Task The_gateway_header_still_wins()
    {
        using var factory = new MarketApiFactory(new Dictionary<string, string?> { ["Market:Auth:LocalUser"] = "admin" });
        using var bob = factory.CreateUserClient("bob");
        await (await bob.GetAsync(HttpExtensions.Prefix + "/runtime/state")).ReadEnvelopeAsync(HttpStatusCode.Forbidden);
        using var malformed = factory.CreateRawClient("Not A User");
        await (await malformed.GetAsync(HttpExtensions.Prefix + "/runtime/state")).ReadEnvelopeAsync(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task Off_by_default_a_request_without_the_header_is_refused()
    {
        using var factory = new MarketApiFactory();
        using var browser = factory.CreateRawClient();
        await (await browser.GetAsync(HttpExtensions.Prefix + "/runtime/state")).ReadEnvelopeAsync(HttpStatusCode.Unauthorized);
    }

    [TestCase("http://0.0.0.0:8080")]
    [TestCase("http://*:8080")]
    [TestCase("http://localhost:8080;http://192.168.1.20:8080")]
    public void On_a_network_address_the_host_refuses_to_start(string urls)
    {
        var console = StartAndCaptureError(new Dictionary<string, string?> { ["Market:Auth:LocalUser"] = "admin", ["urls"] = urls });
        Assert.That(console, Does.Contain("Market cannot start: invalid configuration: " + LocalUserAccess.NetworkRefusal));
    }

    [Test]
    public async Task On_a_network_address_it_starts_when_explicitly_allowed()
    {
        using var factory = new MarketApiFactory(new Dictionary<string, string?>
        {
            ["Market:Auth:LocalUser"] = "admin",
            ["Market:Auth:AllowLocalUserOnNetwork"] = "true",
            ["urls"] = "http://0.0.0.0:8080",
        });
        using var browser = factory.CreateRawClient();
        await (await browser.GetAsync(HttpExtensions.Prefix + "/runtime/state")).ReadEnvelopeAsync(HttpStatusCode.OK);
    }

    [TestCase("http://localhost:8080", true)]
    [TestCase("http://127.0.0.1:5000;http://[::1]:5000", true)]
    [TestCase("http://0.0.0.0:8080", false)]
    [TestCase("http://[::]:8080", false)]
    [TestCase("http://+:8080", false)]
    [TestCase("http://market.example:8080", false)]
    public void Loopback_addresses_are_told_apart_from_network_ones(string urls, bool loopback)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["urls"] = urls }).Build();
        Assert.That(LocalUserAccess.ListensOnLoopbackOnly(configuration), Is.EqualTo(loopback));
    }

    [Test]
    public void Ports_alone_bind_every_interface()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["http_ports"] = "8080" }).Build();
        Assert.That(LocalUserAccess.ListensOnLoopbackOnly(configuration), Is.False);
    }

    [Test]
    public void A_malformed_local_user_stops_the_host()
    {
        var console = StartAndCaptureError(new Dictionary<string, string?> { ["Market:Auth:LocalUser"] = "Admin User" });
        Assert.That(console, Does.Contain("Market:Auth:LocalUser must be a lower-case user name like the X-Bfl-User header"));
    }

    /// <summary>Starts a host that must fail and returns what the entry point printed (as <see cref="ConfigurationTests"/> does).</summary>
    private static string StartAndCaptureError(Dictionary<string, string?> settings)
    {
        var factory = new MarketApiFactory(settings);
        var console = new StringWriter();
        var original = Console.Error;
        Console.SetError(TextWriter.Synchronized(console));
        try
        {
            Assert.Catch(() => factory.CreateClient());
            Eventually.Holds(() => console.ToString().Contains("Market cannot start", StringComparison.Ordinal), "the entry point's message", TimeSpan.FromSeconds(10));
        }
        finally
        {
            Console.SetError(original);
            try
            {
                factory.Dispose();
            }
            catch (ArgumentNullException)
            {
                // A host that never started cannot be stopped cleanly by the test host.
            }
        }

        return console.ToString();
    }
}
