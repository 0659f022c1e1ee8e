using System.Diagnostics;
using Market.Api.Tests.Infrastructure;

namespace Market.Api.Tests;

/// <summary>Every options class is validated on start: a bad value stops the host with a message naming the setting.</summary>
public sealed class ConfigurationTests
{
    [TestCase("Market:Storage:Provider", "Mongo", "Market:Storage:Provider must be 'Sqlite' or 'Postgres'")]
    [TestCase("Market:Storage:Provider", "Postgres", "ConnectionStrings:Postgres is required when Market:Storage:Provider is 'Postgres'")]
    [TestCase("Market:HotState:Provider", "Memcached", "Market:HotState:Provider must be 'Memory' or 'Redis'")]
    [TestCase("Market:HotState:Provider", "Redis", "ConnectionStrings:Redis is required when Market:HotState:Provider is 'Redis'")]
    [TestCase("Market:Runtime:Provider", "Docker", "Market:Runtime:Provider must be 'Simulated' or 'Olares'")]
    [TestCase("Market:Runtime:Provider", "Olares", "Market:Runtime:Olares:AppServiceUrl must be an absolute URL when Market:Runtime:Provider is 'Olares'")]
    [TestCase("Market:System:Version", "latest", "Market:System:Version must be a semantic version")]
    [TestCase("Market:Sources:SyncIntervalSeconds", "1", "Market:Sources:SyncIntervalSeconds must be between 5 and 86400")]
    [TestCase("Market:Sources:OfficialBaseUrl", "not a url", "Market:Sources:OfficialBaseUrl must be an http or https URL")]
    [TestCase("Market:Tasks:Concurrency", "0", "Market:Tasks:Concurrency must be between 1 and 64")]
    [TestCase("Market:Updates:ApplyConcurrency", "0", "Market:Updates:ApplyConcurrency must be between 1 and 32")]
    [TestCase("Market:Upgrades:HealthTimeoutSeconds", "0", "Market:Upgrades:HealthTimeoutSeconds must be between 1 and 86400")]
    [TestCase("Market:Notifications:UpdateScanSeconds", "0", "Market:Notifications:UpdateScanSeconds must be between 1 and 86400")]
    [TestCase("Market:Notifications:PaymentStuckAfterSeconds", "0", "Market:Notifications:PaymentStuckAfterSeconds must be between 1 and 2592000")]
    [TestCase("Market:RateLimit:WritesPerMinute", "-1", "Market:RateLimit:WritesPerMinute must be between 0 and 1000000")]
    [TestCase("Market:Realtime:HeartbeatSeconds", "0", "Market:Realtime:HeartbeatSeconds must be between 1 and 3600")]
    [TestCase("Market:History:CleanupIntervalHours", "0", "Market:History:CleanupIntervalHours must be between 1 and 8760")]
    [TestCase("Market:Nats:Url", "http://nats:4222", "Market:Nats:Url must be a nats://, tls://, ws:// or wss:// URL (or a comma-separated list of them)")]
    [TestCase("Market:Nats:PublishBufferSize", "0", "Market:Nats:PublishBufferSize must be between 1 and 1000000")]
    public void A_bad_setting_stops_the_host_with_its_message(string key, string value, string message)
    {
        var factory = new MarketApiFactory(new Dictionary<string, string?> { [key] = value });
        var console = new StringWriter();
        var original = Console.Error;
        Console.SetError(TextWriter.Synchronized(console));
        try
        {
            // Under the test host the entry point catches the failure and prints it, as it does in a real process.
            Assert.Catch(() => factory.CreateClient());

            // The entry point prints on its own thread, possibly after the factory has thrown: wait for it.
            Eventually.Holds(() => console.ToString().Contains("Market cannot start", StringComparison.Ordinal), "the entry point's message", TimeSpan.FromSeconds(10));
        }
        finally
        {
            Console.SetError(original);
            DisposeFailedHost(factory);
        }

        Assert.That(console.ToString(), Does.Contain($"Market cannot start: invalid configuration: {message}"));
    }

    /// <summary>A host that never started cannot be stopped cleanly by the test host; that is not what these tests are about.</summary>
    private static void DisposeFailedHost(MarketApiFactory factory)
    {
        try
        {
            factory.Dispose();
        }
        catch (ArgumentNullException)
        {
            // WebApplicationFactory stops a host whose hosted services were never resolved.
        }
    }

    [Test]
    public async Task The_process_exits_with_the_message_and_no_stack_trace()
    {
        var workDir = Path.Combine(Path.GetTempPath(), "market-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(workDir);
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Market.Api.dll")])
        {
            WorkingDirectory = workDir,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        start.Environment["Market__Storage__Provider"] = "Mongo";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["DOTNET_ENVIRONMENT"] = "Testing";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";

        try
        {
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEndAsync();
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await process.WaitForExitAsync(patience.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("the service kept running with an invalid provider");
            }

            var errors = await stderr;
            Assert.That(process.ExitCode, Is.EqualTo(1), errors + await stdout);
            Assert.That(errors, Does.Contain("Market cannot start: invalid configuration: Market:Storage:Provider must be 'Sqlite' or 'Postgres'"));
            Assert.That(errors, Does.Not.Contain("   at "), "no stack trace");
        }
        finally
        {
            Directory.Delete(workDir, recursive: true);
        }
    }
}
