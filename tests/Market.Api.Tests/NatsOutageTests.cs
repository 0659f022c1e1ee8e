using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Market.Api.Tests.Apps;
using Market.Api.Tests.Infrastructure;
using Market.Domain.Apps;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Market.Api.Tests;

/// <summary>NATS configured but away for the whole test: requests never fail, readiness says so, drops are counted, the password stays out of the logs.</summary>
[NonParallelizable]
public sealed class NatsOutageTests
{
    private const string Password = "n4ts-s3cret-pw";

    [Test]
    public async Task With_nats_away_requests_and_installs_work_readiness_reports_nats_and_drops_are_counted()
    {
        var logs = new CapturingLoggerProvider();
        using var factory = new MarketApiFactory(new Dictionary<string, string?>
        {
            ["Market:Nats:Url"] = $"nats://127.0.0.1:{ClosedPort()}",
            ["Market:Nats:User"] = "market",
            ["Market:Nats:Password"] = Password,
            ["Market:Nats:PublishBufferSize"] = "2",
        });
        using var withLogs = factory.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddLogging(l => l.AddProvider(logs))));
        using var alice = UserClient(withLogs, "alice");
        using var admin = UserClient(withLogs, "admin");
        await AppTestKit.AddCatalogAppAsync(withLogs, "clock");

        await (await alice.SendJsonAsync(HttpMethod.Post, "/apps/clock/install", AppTestKit.InstallBody("clock"))).ReadEnvelopeAsync(HttpStatusCode.OK);
        await AppTestKit.WaitForAppAsync(withLogs, "alice", "clock", a => a.State == AppState.Running && a.InstalledVersion.Length > 0);
        await (await alice.GetAsync(HttpExtensions.Prefix + "/market/state")).ReadEnvelopeAsync(HttpStatusCode.OK);

        // NATS away degrades the replica but keeps it in the load balancer: requests work without it.
        var ready = await (await admin.GetAsync("/healthz/ready")).ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(ready["message"]!.GetValue<string>(), Is.EqualTo("Degraded"));
        Assert.That(ready["data"]!["checks"]!["nats"]!.GetValue<string>(), Is.EqualTo("Degraded"));
        Assert.That(ready["data"]!["checks"]!["database"]!.GetValue<string>(), Is.EqualTo("Healthy"));

        var nats = (await (await admin.GetAsync(HttpExtensions.Prefix + "/diagnostic")).ReadEnvelopeAsync(HttpStatusCode.OK))["data"]!["nats"]!;
        Assert.That((nats["enabled"]!.GetValue<bool>(), nats["connected"]!.GetValue<bool>()), Is.EqualTo((true, false)));
        Assert.That(nats["publish_buffered"]!.GetValue<int>(), Is.EqualTo(2), "the buffer holds what it can");
        Assert.That(nats["publish_dropped"]!.GetValue<long>(), Is.GreaterThan(0), "an install makes more than two events: the rest is dropped and counted");

        Assert.That(logs.Lines, Is.Not.Empty);
        Assert.That(logs.Lines.Where(l => l.Contains(Password, StringComparison.Ordinal)), Is.Empty, "the NATS password is never logged");

        // Issue 17: the client retried all along, but the outage is not a stack trace per attempt.
        var natsLines = logs.Lines.Where(l => l.Contains("NATS", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.That(natsLines.Where(l => l.Contains("   at ", StringComparison.Ordinal)), Is.Empty, "no stack trace: " + string.Join("\n", natsLines));
        Assert.That(natsLines.Where(l => l.StartsWith("NATS.", StringComparison.Ordinal)), Is.Empty, "the client's per-attempt logs are off");
    }

    private static HttpClient UserClient(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> factory, string user)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Bfl-User", user);
        return client;
    }

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Lines);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{category}: {formatter(state, exception)} {exception}");
        }
    }
}
