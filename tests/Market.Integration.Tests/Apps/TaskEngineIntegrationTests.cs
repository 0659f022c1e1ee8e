using System.Net.Http.Json;
using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Market.Application.Common.Interfaces;
using Market.Domain.Apps;
using Market.Infrastructure.Persistence;
using Market.Integration.Tests.Infrastructure;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Integration.Tests.Apps;

/// <summary>The task engine on PostgreSQL + Redis with the simulated runtime.</summary>
[NonParallelizable]
public sealed class TaskEngineIntegrationTests
{
    private (string Postgres, string Redis, string Prefix) _deployment;
    private MarketIntegrationFactory _factory = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _deployment = await MarketIntegrationFactory.CreateDeploymentAsync();
        _factory = new MarketIntegrationFactory(_deployment.Postgres, _deployment.Redis, _deployment.Prefix,
            new Dictionary<string, string?> { ["Market:Runtime:Simulated:StepDelayMs"] = "400" });
        _ = _factory.Server;
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        // Nothing to undo when the set-up was ignored for want of PostgreSQL/Redis.
        _factory?.Dispose();
        if (!string.IsNullOrEmpty(_deployment.Postgres))
        {
            await TestInfrastructure.DropDatabaseAsync(_deployment.Postgres);
        }
    }

    [Test]
    public async Task Fifty_concurrent_installs_by_ten_users_all_reach_running()
    {
        var apps = Enumerable.Range(0, 5).Select(i => $"bulk{i}").ToList();
        foreach (var app in apps)
        {
            await IntegrationKit.AddCatalogAppAsync(_factory, app);
        }

        var users = Enumerable.Range(0, 10).Select(i => $"user{i}").ToList();
        var taskIds = new ConcurrentBag<(string User, string TaskId)>();
        await Parallel.ForEachAsync(users.SelectMany(u => apps.Select(a => (User: u, App: a))), new ParallelOptions { MaxDegreeOfParallelism = 50 }, async (job, _) =>
        {
            using var client = _factory.CreateUserClient(job.User);
            var envelope = await (await client.PostJsonAsync($"/apps/{job.App}/install", IntegrationKit.InstallBody(job.App, sync: false))).ReadEnvelopeAsync(HttpStatusCode.OK);
            taskIds.Add((job.User, envelope["data"]!["task_id"]!.GetValue<string>()));
        });

        Assert.That(taskIds, Has.Count.EqualTo(50));
        foreach (var (user, taskId) in taskIds)
        {
            using var client = _factory.CreateUserClient(user);
            var task = await client.WaitForTaskAsync(taskId, 120);
            Assert.That(task["status"]!.GetValue<string>(), Is.EqualTo("completed"), task.ToJsonString());
        }

        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        var rows = await db.UserApps.AsNoTracking().Where(a => a.AppName.StartsWith("bulk")).ToListAsync();
        Assert.That(rows, Has.Count.EqualTo(50));
        Assert.That(rows.Select(r => (r.State, r.InstalledVersion)), Is.All.EqualTo((AppState.Running, "1.0.0")));
        Assert.That(await db.AppTasks.CountAsync(t => t.AppName.StartsWith("bulk") && t.Attempts != 1), Is.Zero, "every task was submitted exactly once");

        var hot = await _factory.Services.GetRequiredService<IHotStateStore>().HashGetAllAsync(HotStateKeys.UserAppStates("user7"));
        Assert.That(apps.Select(a => JsonNode.Parse(hot[a])!["status"]!["state"]!.GetValue<string>()), Is.All.EqualTo("running"), "Redis mirrors the states");
    }

    [Test]
    public async Task Two_installs_of_the_same_app_at_once_start_one_task_and_answer_409_to_the_other()
    {
        await IntegrationKit.AddCatalogAppAsync(_factory, "racer");
        using var client = _factory.CreateUserClient("racer1");

        var responses = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => client.PostJsonAsync("/apps/racer/install", IntegrationKit.InstallBody("racer", sync: false))));

        Assert.That(responses.Select(r => r.StatusCode), Is.EquivalentTo(new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        var conflict = await responses.Single(r => r.StatusCode == HttpStatusCode.Conflict).ReadEnvelopeAsync(HttpStatusCode.Conflict);
        Assert.That(conflict["message"]!.GetValue<string>(), Is.EqualTo("Another operation on app racer is already in progress"));
        await using var scope = _factory.Services.CreateAsyncScope();
        Assert.That(await scope.ServiceProvider.GetRequiredService<MarketDbContext>().AppTasks.CountAsync(t => t.UserId == "racer1"), Is.EqualTo(1));
    }

    [Test]
    public async Task Two_installs_with_one_idempotency_key_at_once_start_one_task_and_both_answer_with_it()
    {
        await IntegrationKit.AddCatalogAppAsync(_factory, "keyed");
        using var client = _factory.CreateUserClient("keyed1");

        var responses = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"{IntegrationKit.Base}/apps/keyed/install")
            {
                Content = JsonContent.Create(IntegrationKit.InstallBody("keyed", sync: false)),
            };
            request.Headers.Add("Idempotency-Key", "install-keyed-once");
            return client.SendAsync(request);
        }));

        var ids = new List<string>();
        foreach (var response in responses)
        {
            ids.Add((await response.ReadEnvelopeAsync(HttpStatusCode.OK))["data"]!["task_id"]!.GetValue<string>());
        }

        Assert.That(ids.Distinct().Count(), Is.EqualTo(1), "the repeat answers with the first request's task");
        await using var scope = _factory.Services.CreateAsyncScope();
        Assert.That(await scope.ServiceProvider.GetRequiredService<MarketDbContext>().AppTasks.CountAsync(t => t.UserId == "keyed1"), Is.EqualTo(1));
    }

    [Test]
    public async Task Cancel_during_download_ends_canceled()
    {
        await IntegrationKit.AddCatalogAppAsync(_factory, "slowdl");
        using var client = _factory.CreateUserClient("canceler");
        var install = await (await client.PostJsonAsync("/apps/slowdl/install", IntegrationKit.InstallBody("slowdl", sync: true))).ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(install["message"]!.GetValue<string>(), Is.EqualTo("App installation completed successfully"));
        await IntegrationKit.WaitForAppAsync(_factory, "canceler", "slowdl", a => a.State == AppState.Downloading);

        var cancel = await (await client.DeleteJsonAsync("/apps/slowdl/install", new JsonObject { ["sync"] = true })).ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(cancel["message"]!.GetValue<string>(), Is.EqualTo("App installation cancellation completed successfully"));

        var app = await IntegrationKit.WaitForAppAsync(_factory, "canceler", "slowdl", a => a.State.ToWire().EndsWith("Canceled", StringComparison.Ordinal));
        Assert.That(app.State, Is.AnyOf(AppState.DownloadingCanceled, AppState.InstallingCanceled), "canceled in the stage the cancel reached");
        Assert.That(app.InstalledVersion, Is.Empty);
        var list = await (await client.GetAsync($"{IntegrationKit.Base}/tasks?app=slowdl")).ReadEnvelopeAsync(HttpStatusCode.OK);
        var finals = new List<(string, string)>();
        foreach (var id in list["data"]!["tasks"]!.AsArray().Select(t => t!["task_id"]!.GetValue<string>()))
        {
            var task = await client.WaitForTaskAsync(id);
            finals.Add((task["type"]!.GetValue<string>(), task["status"]!.GetValue<string>()));
        }

        Assert.That(finals, Is.EquivalentTo(new[] { ("install", "canceled"), ("cancel", "completed") }));
    }

    [Test]
    public async Task An_injected_failure_fails_the_task_with_install_failed_and_a_reason()
    {
        await IntegrationKit.AddCatalogAppAsync(_factory, "fragile");
        using var client = _factory.CreateUserClient("unlucky");

        var envelope = await (await client.PostJsonAsync("/apps/fragile/install",
            IntegrationKit.InstallBody("fragile", sync: false, [new JsonObject { ["envName"] = "SIMULATE_FAILURE", ["value"] = "install" }]))).ReadEnvelopeAsync(HttpStatusCode.OK);
        var task = await client.WaitForTaskAsync(envelope["data"]!["task_id"]!.GetValue<string>());

        Assert.That(task["status"]!.GetValue<string>(), Is.EqualTo("failed"));
        var app = await IntegrationKit.WaitForAppAsync(_factory, "unlucky", "fragile", _ => true);
        Assert.That(app.State, Is.EqualTo(AppState.InstallFailed));
        Assert.That(app.Reason, Is.Not.Empty);
    }

    [Test]
    public async Task State_changes_reach_listeners_on_another_replica_through_redis()
    {
        await IntegrationKit.AddCatalogAppAsync(_factory, "fanout");
        using var replica = new MarketIntegrationFactory(_deployment.Postgres, _deployment.Redis, _deployment.Prefix);
        var seen = new ConcurrentQueue<MarketEvent>();
        using var subscription = replica.Services.GetRequiredService<IMarketEventBus>().Subscribe(e =>
        {
            seen.Enqueue(e);
            return ValueTask.CompletedTask;
        });
        await IntegrationKit.WaitForEventFanOutAsync(_factory.Services, replica.Services);

        using var client = _factory.CreateUserClient("watcher");
        var envelope = await (await client.PostJsonAsync("/apps/fanout/install", IntegrationKit.InstallBody("fanout", sync: false))).ReadEnvelopeAsync(HttpStatusCode.OK);
        await client.WaitForTaskAsync(envelope["data"]!["task_id"]!.GetValue<string>());
        await IntegrationKit.WaitForAppAsync(replica, "watcher", "fanout", a => a.State == AppState.Running);

        await Eventually.HoldsAsync(
            () => Task.FromResult(seen.Any(e => e.User == "watcher" && e.NotifyType == MarketEvent.AppStateChange
                && e.Payload["app_state_latest"]!["status"]!["state"]!.GetValue<string>() == "running")),
            "the replica to hear that watcher's app runs",
            TimeSpan.FromSeconds(30));
    }

    [Test]
    public async Task An_install_started_through_one_replica_is_pushed_to_the_owners_websocket_on_another()
    {
        await IntegrationKit.AddCatalogAppAsync(_factory, "pushed");
        using var replica = new MarketIntegrationFactory(_deployment.Postgres, _deployment.Redis, _deployment.Prefix);
        var ws = replica.Server.CreateWebSocketClient();
        ws.ConfigureRequest = request => request.Headers["X-Bfl-User"] = "wsowner";
        using var socket = await ws.ConnectAsync(new Uri(replica.Server.BaseAddress, "ws"), CancellationToken.None);
        await IntegrationKit.WaitForEventFanOutAsync(_factory.Services, replica.Services);

        using var intruder = _factory.CreateUserClient("wsother");
        await IntegrationKit.AddCatalogAppAsync(_factory, "notmine");
        await (await intruder.PostJsonAsync("/apps/notmine/install", IntegrationKit.InstallBody("notmine", sync: false))).ReadEnvelopeAsync(HttpStatusCode.OK);
        using var owner = _factory.CreateUserClient("wsowner");
        await (await owner.PostJsonAsync("/apps/pushed/install", IntegrationKit.InstallBody("pushed", sync: false))).ReadEnvelopeAsync(HttpStatusCode.OK);

        var states = new List<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!states.Contains(AppState.Running.ToWire()))
        {
            var message = await ReceiveJsonAsync(socket, timeout.Token);
            Assert.That(message["user"]?.GetValue<string>(), Is.AnyOf("wsowner", string.Empty), "only the owner's events (and broadcasts) reach the socket");
            if (message["notify_type"]?.GetValue<string>() == MarketEvent.AppStateChange)
            {
                states.Add(message["app_state_latest"]!["status"]!["state"]!.GetValue<string>());
            }
        }

        Assert.That(states, Does.Contain(AppState.Downloading.ToWire()).And.Contain(AppState.Running.ToWire()));
    }

    private static async Task<JsonObject> ReceiveJsonAsync(System.Net.WebSockets.WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[256 * 1024];
        var length = 0;
        System.Net.WebSockets.WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(new ArraySegment<byte>(buffer, length, buffer.Length - length), cancellationToken);
            length += result.Count;
        }
        while (!result.EndOfMessage);

        return JsonNode.Parse(System.Text.Encoding.UTF8.GetString(buffer, 0, length))!.AsObject();
    }
}
