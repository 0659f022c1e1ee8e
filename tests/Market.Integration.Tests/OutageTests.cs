using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Market.Domain.Apps;
using Market.Infrastructure.Persistence;
using Market.Integration.Tests.Apps;
using Market.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Integration.Tests;

/// <summary>
/// Two replicas with installs in flight while a private Redis, then a private PostgreSQL, goes away and
/// comes back: no answer is ever a 500, the database gap answers 503 (the hash and 304s still come from
/// cache), every task ends as it should, and soon after recovery both replicas serve what a replica
/// with a cold cache serves, i.e. what the database says.
/// </summary>
[NonParallelizable]
public sealed class OutageTests
{
    private static readonly string[] Apps = ["outa", "outb", "outc"];

    private static Dictionary<string, string?> Settings() => new()
    {
        ["Market:Runtime:Simulated:StepDelayMs"] = "150",
        ["Market:Tasks:LeaseSeconds"] = "4",
        ["Market:RateLimit:WritesPerMinute"] = "0",
        ["Market:Sources:AllowPrivateNetworks"] = "true",
    };

    [Test]
    public async Task Redis_away_under_two_replicas_keeps_writes_and_local_pushes_and_both_replicas_agree_after()
    {
        await using var redis = await PrivateRedis.StartAsync();
        var postgres = await TestInfrastructure.CreateDatabaseAsync();
        var prefix = $"market-test:{Guid.NewGuid():N}:";
        var answers = new AnswerLog();
        try
        {
            using var a = new MarketIntegrationFactory(postgres, redis.Configuration, prefix, Settings());
            using var b = new MarketIntegrationFactory(postgres, redis.Configuration, prefix, Settings());
            _ = a.Server;
            _ = b.Server;
            foreach (var app in Apps)
            {
                await IntegrationKit.AddCatalogAppAsync(a, app);
            }

            using (var admin = a.CreateUserClient("admin"))
            {
                // Another closed port: the official source already is http://127.0.0.1:9, and the same server twice is a 409.
                await answers.CheckAsync(admin.PostAsync(IntegrationKit.Base + "/settings/market-source",
                    Http.Json("""{"id":"market.second","base_url":"http://127.0.0.1:10"}""")), HttpStatusCode.OK);
            }

            // Both replicas have built "quiet"'s view; b hands out its ETag.
            var quietBefore = await answers.HashAsync(a, "quiet");
            Assert.That(await answers.HashAsync(b, "quiet"), Is.EqualTo(quietBefore));
            var etagBefore = await answers.ETagAsync(b, "quiet");

            var tasks = new ConcurrentBag<(string User, string TaskId)>();
            await answers.InstallAllAsync([a, b], ["u0", "u1"], tasks);

            await redis.StopAsync();

            // Writes PostgreSQL accepts answer success; this replica's own SSE clients still hear of them.
            using (var live = a.CreateUserClient("live"))
            using (var stream = await SseStream.OpenAsync(live))
            {
                await answers.InstallAllAsync([a], ["live"], tasks, Apps[..1]);
                await stream.WaitForAsync("app_state_change", Apps[0]);
            }

            await answers.InstallAllAsync([a, b], ["u2", "u3"], tasks);
            using (var quietOnA = a.CreateUserClient("quiet"))
            {
                await answers.CheckAsync(quietOnA.PutAsync(IntegrationKit.Base + "/settings/market-settings",
                    Http.Json("""{"selected_source":"market.second"}""")), HttpStatusCode.OK);
            }

            foreach (var replica in new[] { a, b })
            {
                foreach (var user in new[] { "quiet", "u0", "u2" })
                {
                    using var client = replica.CreateUserClient(user);
                    await answers.CheckAsync(client.GetAsync(IntegrationKit.Base + "/market/hash"), HttpStatusCode.OK);
                    await answers.CheckAsync(client.GetAsync(IntegrationKit.Base + "/market/data"), HttpStatusCode.OK);
                    await answers.CheckAsync(client.GetAsync(IntegrationKit.Base + "/market/state"), HttpStatusCode.OK);
                }
            }

            await redis.StartAgainAsync();
            await Eventually.HoldsAsync(async () =>
                await IsReadyAsync(a) && await IsReadyAsync(b), "both replicas reconnect to Redis", TimeSpan.FromSeconds(60));

            // b never heard of quiet's change while Redis was away; within seconds it serves it anyway.
            // The truth is a replica with a cold cache on in-process hot state: what the database says.
            using var truth = new MarketIntegrationFactory(postgres, redis.Configuration, prefix, new Dictionary<string, string?>(Settings()) { ["Market:HotState:Provider"] = "Memory" });
            await answers.AgreeAsync([a, b], truth, ["quiet"], TimeSpan.FromSeconds(5));
            Assert.That(await answers.HashAsync(b, "quiet"), Is.Not.EqualTo(quietBefore));
            using (var quietOnB = b.CreateUserClient("quiet"))
            {
                var request = new HttpRequestMessage(HttpMethod.Get, IntegrationKit.Base + "/market/data");
                request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(etagBefore));
                await answers.CheckAsync(quietOnB.SendAsync(request), HttpStatusCode.OK);
            }

            await AssertTasksCompletedAsync(a, tasks);
            await answers.AgreeAsync([a, b], truth, ["quiet", "live", "u0", "u1", "u2", "u3"], TimeSpan.FromSeconds(5));

            // An operator's FLUSHALL: the shared generations are gone, nothing stale comes back.
            await redis.FlushAllAsync();
            using (var quietOnB = b.CreateUserClient("quiet"))
            {
                await answers.CheckAsync(quietOnB.PutAsync(IntegrationKit.Base + "/settings/market-settings",
                    Http.Json("""{"selected_source":"market.olares"}""")), HttpStatusCode.OK);
            }

            // A cold replica again: the first one has cached quiet's view and, on in-process hot state, hears no events.
            using var truthAfterFlush = new MarketIntegrationFactory(postgres, redis.Configuration, prefix, new Dictionary<string, string?>(Settings()) { ["Market:HotState:Provider"] = "Memory" });
            await answers.AgreeAsync([a, b], truthAfterFlush, ["quiet", "u0"], TimeSpan.FromSeconds(5));
            Assert.That(await answers.HashAsync(a, "quiet"), Is.EqualTo(quietBefore), "back on the first source: the first content, the first hash");
        }
        finally
        {
            await TestInfrastructure.DropDatabaseAsync(postgres);
        }

        answers.AssertNoServerErrors();
    }

    [Test]
    public async Task PostgreSQL_away_answers_503_keeps_the_hash_and_304s_and_is_ready_on_the_first_check_after()
    {
        await using var postgres = await PrivatePostgres.StartAsync();
        var redis = await TestInfrastructure.GetRedisAsync();
        var prefix = $"market-test:{Guid.NewGuid():N}:";
        var answers = new AnswerLog();
        using var a = new MarketIntegrationFactory(postgres.ConnectionString, redis, prefix, Settings());
        using var b = new MarketIntegrationFactory(postgres.ConnectionString, redis, prefix, Settings());
        _ = a.Server;
        _ = b.Server;
        foreach (var app in Apps)
        {
            await IntegrationKit.AddCatalogAppAsync(a, app);
        }

        var quietHash = await answers.HashAsync(a, "quiet");
        Assert.That(await answers.HashAsync(b, "quiet"), Is.EqualTo(quietHash));
        var quietETag = await answers.ETagAsync(a, "quiet");
        Assert.That(await answers.ETagAsync(b, "quiet"), Is.EqualTo(quietETag));

        var tasks = new ConcurrentBag<(string User, string TaskId)>();
        await answers.InstallAllAsync([a, b], ["p0", "p1", "p2", "p3"], tasks);

        await postgres.StopAsync();

        foreach (var replica in new[] { a, b })
        {
            using var quiet = replica.CreateUserClient("quiet");
            var hash = await answers.CheckAsync(quiet.GetAsync(IntegrationKit.Base + "/market/hash"), HttpStatusCode.OK);
            Assert.That(hash["data"]!["hash"]!.GetValue<string>(), Is.EqualTo(quietHash), "the hash comes from cache");
            var conditional = new HttpRequestMessage(HttpMethod.Get, IntegrationKit.Base + "/market/data");
            conditional.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(quietETag));
            await answers.CheckAsync(quiet.SendAsync(conditional), HttpStatusCode.NotModified);

            using var newcomer = replica.CreateUserClient("newcomer");
            var install = await newcomer.PostJsonAsync($"/apps/{Apps[0]}/install", IntegrationKit.InstallBody(Apps[0], sync: false));
            Assert.That(install.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(2)));
            var refused = await answers.CheckAsync(Task.FromResult(install), HttpStatusCode.ServiceUnavailable);
            Assert.That(refused["message"]!.GetValue<string>(), Is.EqualTo("Service temporarily unavailable"));
            await answers.CheckAsync(newcomer.GetAsync(IntegrationKit.Base + "/tasks"), HttpStatusCode.ServiceUnavailable);
            await answers.CheckAsync(newcomer.GetAsync(IntegrationKit.Base + "/market/hash"), HttpStatusCode.ServiceUnavailable);
            await answers.CheckAsync(newcomer.GetAsync(IntegrationKit.Base + "/market/state"), HttpStatusCode.ServiceUnavailable);
            await answers.CheckAsync(quiet.GetAsync("/healthz/ready"), HttpStatusCode.ServiceUnavailable);
            foreach (var user in new[] { "p0", "p1" })
            {
                using var busy = replica.CreateUserClient(user);
                await answers.RecordAsync(busy.GetAsync(IntegrationKit.Base + "/market/state"));
                await answers.RecordAsync(busy.GetAsync(IntegrationKit.Base + "/market/data"));
            }
        }

        await postgres.StartAgainAsync();

        // Dead pooled connections are dropped by the probe itself: the very first check is healthy.
        foreach (var replica in new[] { a, b })
        {
            using var client = replica.CreateClient();
            await answers.CheckAsync(client.GetAsync("/healthz/ready"), HttpStatusCode.OK);
        }

        await AssertTasksCompletedAsync(a, tasks);
        using var truth = new MarketIntegrationFactory(postgres.ConnectionString, redis, prefix, new Dictionary<string, string?>(Settings()) { ["Market:HotState:Provider"] = "Memory" });
        await answers.AgreeAsync([a, b], truth, ["quiet", "p0", "p1", "p2", "p3"], TimeSpan.FromSeconds(5));
        answers.AssertNoServerErrors(allow503: true);
    }

    private static async Task<bool> IsReadyAsync(MarketIntegrationFactory replica)
    {
        using var client = replica.CreateClient();
        return (await client.GetAsync("/healthz/ready")).StatusCode == HttpStatusCode.OK;
    }

    /// <summary>Every task completed, each app installed once and running, as the database has it.</summary>
    private static async Task AssertTasksCompletedAsync(MarketIntegrationFactory replica, IEnumerable<(string User, string TaskId)> tasks)
    {
        var all = tasks.ToList();
        foreach (var (user, taskId) in all)
        {
            using var client = replica.CreateUserClient(user);
            var task = await client.WaitForTaskAsync(taskId);
            Assert.That(task["status"]!.GetValue<string>(), Is.EqualTo("completed"), task.ToJsonString());
        }

        await using var scope = replica.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        var users = all.Select(t => t.User).Distinct().ToList();
        var rows = await db.UserApps.AsNoTracking().Where(r => users.Contains(r.UserId)).ToListAsync();
        Assert.That(rows, Has.Count.EqualTo(all.Count), "one app row per install, none lost, none doubled");
        Assert.That(rows.Select(r => r.State), Is.All.EqualTo(AppState.Running));
    }

    /// <summary>Every answer seen, so that the test can say at the end that none was a 500.</summary>
    private sealed class AnswerLog
    {
        private readonly ConcurrentQueue<string> _serverErrors = new();

        public async Task<JsonObject> CheckAsync(Task<HttpResponseMessage> sending, HttpStatusCode expected)
        {
            using var response = await sending;
            var text = await response.Content.ReadAsStringAsync();
            Record(response, text);
            Assert.That(response.StatusCode, Is.EqualTo(expected), $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {text}");
            return text.Length == 0 ? [] : JsonNode.Parse(text)!.AsObject();
        }

        public async Task RecordAsync(Task<HttpResponseMessage> sending)
        {
            using var response = await sending;
            Record(response, await response.Content.ReadAsStringAsync());
        }

        public async Task<string> HashAsync(MarketIntegrationFactory replica, string user)
        {
            using var client = replica.CreateUserClient(user);
            var envelope = await CheckAsync(client.GetAsync(IntegrationKit.Base + "/market/hash"), HttpStatusCode.OK);
            return envelope["data"]!["hash"]!.GetValue<string>();
        }

        public async Task<string> ETagAsync(MarketIntegrationFactory replica, string user)
        {
            using var client = replica.CreateUserClient(user);
            using var response = await client.GetAsync(IntegrationKit.Base + "/market/data");
            Record(response, string.Empty);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            return response.Headers.ETag!.ToString();
        }

        /// <summary>Each user installs each app (or <paramref name="apps"/>), spread over the replicas, all at once.</summary>
        public async Task InstallAllAsync(MarketIntegrationFactory[] replicas, string[] users, ConcurrentBag<(string User, string TaskId)> tasks, string[]? apps = null)
        {
            var jobs = users.SelectMany(u => (apps ?? Apps).Select(app => (User: u, App: app))).Select((job, i) => (job.User, job.App, Replica: replicas[i % replicas.Length]));
            await Parallel.ForEachAsync(jobs, async (job, _) =>
            {
                using var client = job.Replica.CreateUserClient(job.User);
                var envelope = await CheckAsync(client.PostJsonAsync($"/apps/{job.App}/install", IntegrationKit.InstallBody(job.App, sync: false)), HttpStatusCode.OK);
                tasks.Add((job.User, envelope["data"]!["task_id"]!.GetValue<string>()));
            });
        }

        /// <summary>Within <paramref name="within"/>, every replica serves the hash and the data a cold replica builds from the database.</summary>
        public async Task AgreeAsync(MarketIntegrationFactory[] replicas, MarketIntegrationFactory truth, string[] users, TimeSpan within)
        {
            await Eventually.HoldsAsync(async () =>
            {
                foreach (var user in users)
                {
                    var expected = await ViewAsync(truth, user);
                    foreach (var replica in replicas)
                    {
                        if (await ViewAsync(replica, user) != expected)
                        {
                            return false;
                        }
                    }
                }

                return true;
            }, "both replicas serve what the database says", within);
        }

        public void AssertNoServerErrors(bool allow503 = false)
        {
            Assert.That(_serverErrors.Where(e => !(allow503 && e.StartsWith("503", StringComparison.Ordinal))), Is.Empty);
        }

        /// <summary>The hash and the user's data without the time it was sent.</summary>
        private async Task<string> ViewAsync(MarketIntegrationFactory replica, string user)
        {
            using var client = replica.CreateUserClient(user);
            var data = await CheckAsync(client.GetAsync(IntegrationKit.Base + "/market/data"), HttpStatusCode.OK);
            data["data"]!.AsObject().Remove("timestamp");
            return data.ToJsonString();
        }

        private void Record(HttpResponseMessage response, string body)
        {
            if ((int)response.StatusCode >= 500)
            {
                _serverErrors.Enqueue($"{(int)response.StatusCode} {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: {body}");
            }
        }
    }
}
