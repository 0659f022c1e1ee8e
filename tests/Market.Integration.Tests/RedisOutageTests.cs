using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Market.Application.Common.Interfaces;
using Market.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Integration.Tests;

/// <summary>Redis is a cache and a bus: while it is away the service starts, keeps writing to PostgreSQL and says it is not ready; when it is back, events flow again.</summary>
public sealed class RedisOutageTests
{
    [Test]
    public async Task Without_redis_ready_is_503_writes_still_work_and_events_flow_once_redis_is_back()
    {
        var redisServer = FindRedisServer();
        var port = FreePort();
        var redis = $"127.0.0.1:{port},connectTimeout=1000";
        var postgres = await TestInfrastructure.CreateDatabaseAsync();
        var prefix = $"market-test:{Guid.NewGuid():N}:";
        Process? server = null;
        try
        {
            using var replica = new MarketIntegrationFactory(postgres, redis, prefix);
            using var alice = replica.CreateUserClient("alice");

            var ready = await (await alice.GetAsync("/healthz/ready")).ReadEnvelopeAsync(HttpStatusCode.ServiceUnavailable);
            Assert.That(ready["data"]!["checks"]!["redis"]!.GetValue<string>(), Is.EqualTo("Unhealthy"));
            Assert.That(ready["data"]!["checks"]!["database"]!.GetValue<string>(), Is.EqualTo("Healthy"));
            await (await alice.GetAsync("/healthz/live")).ReadEnvelopeAsync(HttpStatusCode.OK);
            await (await alice.PutAsync(Http.Prefix + "/settings/market-settings", Http.Json("""{"selected_source":"market.olares","nsfw":true}""")))
                .ReadEnvelopeAsync(HttpStatusCode.OK);
            var stored = await (await alice.GetAsync(Http.Prefix + "/settings/market-settings")).ReadEnvelopeAsync(HttpStatusCode.OK);
            Assert.That(stored["data"]!["nsfw"]!.GetValue<bool>(), Is.True, "PostgreSQL keeps working without Redis");

            server = Process.Start(new ProcessStartInfo(redisServer, ["--bind", "127.0.0.1", "--port", port.ToString(), "--save", "", "--appendonly", "no"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            await WaitUntilAsync(async () => (await alice.GetAsync("/healthz/ready")).StatusCode == HttpStatusCode.OK, "ready once Redis is back");

            var seen = new List<string>();
            using var listener = replica.Services.GetRequiredService<IMarketEventBus>().Subscribe(e =>
            {
                lock (seen)
                {
                    seen.Add(e.Payload["marker"]?.GetValue<string>() ?? string.Empty);
                }

                return ValueTask.CompletedTask;
            });
            using var other = new MarketIntegrationFactory(postgres, redis, prefix);
            other.CreateClient().Dispose();
            var otherBus = other.Services.GetRequiredService<IMarketEventBus>();

            // The subscription is re-established in the background; keep publishing until the first event crosses.
            await WaitUntilAsync(async () =>
            {
                await otherBus.PublishAsync(new MarketEvent("", MarketEvent.MarketSystemPoint, new JsonObject { ["marker"] = "probe" }));
                return await Eventually.WithinAsync(
                    () =>
                    {
                        lock (seen)
                        {
                            return Task.FromResult(seen.Contains("probe"));
                        }
                    },
                    TimeSpan.FromMilliseconds(100));
            }, "events from another replica arrive again");
            await otherBus.PublishAsync(new MarketEvent("", MarketEvent.MarketSystemPoint, new JsonObject { ["marker"] = "once" }));
            await otherBus.PublishAsync(new MarketEvent("", MarketEvent.MarketSystemPoint, new JsonObject { ["marker"] = "last" }));
            await WaitUntilAsync(() =>
            {
                lock (seen)
                {
                    return Task.FromResult(seen.Contains("last"));
                }
            }, "the last event");

            lock (seen)
            {
                Assert.That(seen.Count(m => m == "once"), Is.EqualTo(1), "one subscription, no duplicates after the retries");
            }
        }
        finally
        {
            if (server is { HasExited: false })
            {
                server.Kill();
                await server.WaitForExitAsync();
            }

            server?.Dispose();
            await TestInfrastructure.DropDatabaseAsync(postgres);
        }
    }

    private static string FindRedisServer()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator).Append("/usr/bin").Append("/usr/local/bin"))
        {
            var candidate = Path.Combine(dir, "redis-server");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        if (TestInfrastructure.Required)
        {
            Assert.Fail("redis-server is needed to take Redis away and bring it back");
        }

        Skip.Because("redis-server not installed: cannot bring Redis back during the test");
        return string.Empty;
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static Task WaitUntilAsync(Func<Task<bool>> condition, string what) => Eventually.HoldsAsync(condition, what);
}
