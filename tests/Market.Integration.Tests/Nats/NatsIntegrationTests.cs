using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Market.Application.Common.Interfaces;
using Market.Domain.Apps;
using Market.Infrastructure.Persistence;
using Market.Integration.Tests.Apps;
using Market.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NATS.Client.Core;

namespace Market.Integration.Tests.Nats;

/// <summary>
/// The Olares event fabric against a real nats-server: app-service announcing states, the web app's relay
/// subject <c>os.market.&lt;user&gt;</c>, LarePass, user events, replicas and a NATS restart.
/// </summary>
[NonParallelizable]
public sealed class NatsIntegrationTests
{
    private Deployment? _deployment;
    private FakeAppService? _appService;
    private NatsConnection? _nats;
    private string _prefix = string.Empty;

    [SetUp]
    public async Task SetUp()
    {
        _prefix = TestNats.NewPrefix();
        _deployment = await Deployment.CreateAsync();
        _appService = await FakeAppService.StartAsync(TimeSpan.FromMilliseconds(250));
    }

    [TearDown]
    public async Task TearDown()
    {
        if (_nats is not null)
        {
            await _nats.DisposeAsync();
            _nats = null;
        }

        if (_appService is not null)
        {
            await _appService.DisposeAsync();
        }

        if (_deployment is not null)
        {
            await _deployment.DisposeAsync();
        }
    }

    [Test]
    public async Task An_install_announced_on_nats_reaches_running_without_a_status_poll_and_the_user_subject_gets_the_original_bodies()
    {
        var url = TestNats.Url();
        _nats = await TestNats.ConnectAsync(url);
        AnnounceOn(_nats);
        await using var recorder = await NatsRecorder.StartAsync(_nats, $"{_prefix}.market.>");
        using var host = StartHost(url, pollIntervalMs: 60_000);
        await WaitForStartReconcileAsync();
        var pollsBefore = _appService!.StatusPolls;

        await IntegrationKit.AddCatalogAppAsync(host, "notes");
        using var alice = host.CreateUserClient("alice");
        await (await alice.PostJsonAsync("/apps/notes/install", IntegrationKit.InstallBody("notes", sync: false))).ReadEnvelopeAsync(HttpStatusCode.OK);

        // A poll every 60 s could not get there within the wait: the announcements did.
        var app = await IntegrationKit.WaitForAppAsync(host, "alice", "notes", a => a.State == AppState.Running && a.InstalledVersion == "1.0.0", timeoutSeconds: 30);
        Assert.That(_appService.StatusPolls, Is.EqualTo(pollsBefore), "no status poll during the install");
        Assert.That(app.Entrances[0].State, Is.EqualTo("running"));

        var finished = await recorder.WaitForAsync(b => Point(b) == "task_finished_succeed", "task_finished_succeed");
        Assert.That(recorder.Messages.Select(m => m.Subject).Distinct(), Is.EqualTo(new[] { $"{_prefix}.market.alice" }), "only alice's subject");

        var execute = recorder.Messages.Select(m => m.Body).Single(b => Point(b) == "task_execute");
        AssertKeys(execute, "timestamp", "user", "notify_type", "point", "extensions");
        Assert.That(execute["timestamp"]!.GetValue<long>(), Is.GreaterThan(1_700_000_000));
        Assert.That((Text(execute, "user"), Text(execute, "notify_type")), Is.EqualTo(("alice", "market_system_point")));
        Assert.That(execute["extensions"]!.ToJsonString(), Is.EqualTo("{\"task_type\":\"install\",\"app_name\":\"notes\",\"version\":\"1.0.0\",\"source\":\"upload\"}"));

        AssertKeys(finished, "timestamp", "user", "notify_type", "point", "extensions");
        Assert.That(finished["extensions"]!.ToJsonString(),
            Is.EqualTo("{\"task_type\":\"install\",\"app_name\":\"notes\",\"task_status\":\"succeed\",\"version\":\"1.0.0\",\"source\":\"upload\"}"));

        var changes = recorder.Messages.Select(m => m.Body).Where(b => Text(b, "notify_type") == "app_state_change").ToList();
        Assert.That(changes, Is.Not.Empty);
        foreach (var change in changes)
        {
            AssertKeys(change, "app_name", "source", "app_state_latest", "app_info_latest", "timestamp", "user", "notify_type", "message");
            Assert.That((Text(change, "app_name"), Text(change, "source"), Text(change, "user"), Text(change, "message")), Is.EqualTo(("notes", "upload", "alice", "")));
            Assert.That(change["app_info_latest"], Is.Null);
            var state = change["app_state_latest"]!;
            Assert.That(Text(state, "type"), Is.EqualTo("app-state-latest"));
            Assert.That(Text(state["status"]!, "name"), Is.EqualTo("notes"));
        }

        var states = changes.Select(c => Text(c["app_state_latest"]!["status"]!, "state")).ToList();
        Assert.That(states, Does.Contain("downloading").And.Contain("installing").And.Contain("running"));
        var last = changes.Last()["app_state_latest"]!;
        Assert.That((Text(last, "version"), Text(last["status"]!, "state")), Is.EqualTo(("1.0.0", "running")));
    }

    [Test]
    public async Task An_announcement_older_than_the_last_applied_is_ignored_and_a_newer_one_shows_at_once()
    {
        var url = TestNats.Url();
        _nats = await TestNats.ConnectAsync(url);
        await using var recorder = await NatsRecorder.StartAsync(_nats, $"{_prefix}.market.>");
        using var host = StartHost(url, pollIntervalMs: 60_000);
        await SeedAppAsync(host, "carol", "diary", AppState.Running.ToWire());
        await WarmUpAsync(recorder, "carol", "diary");
        using var carol = host.CreateUserClient("carol");
        var hashBefore = await HashAsync(carol);
        var t0 = DateTime.UtcNow;

        await _nats.PublishJsonAsync($"{_prefix}.application.carol", Announcement("carol", "diary", "stopping", t0.AddSeconds(2), "op-9", "stop"));
        await IntegrationKit.WaitForAppAsync(host, "carol", "diary", a => a.State == AppState.Stopping, timeoutSeconds: 30);
        await _nats.PublishJsonAsync($"{_prefix}.application.carol", Announcement("carol", "diary", "running", t0.AddSeconds(1), "op-9", "stop"));
        await _nats.PublishJsonAsync($"{_prefix}.application.carol", Announcement("carol", "diary", "stopped", t0.AddSeconds(3), "op-9", "stop"));

        await IntegrationKit.WaitForAppAsync(host, "carol", "diary", a => a.State == AppState.Stopped, timeoutSeconds: 30);
        Assert.That(await HashAsync(carol), Is.Not.EqualTo(hashBefore), "the market hash moved");
        var state = (await (await carol.GetAsync($"{IntegrationKit.Base}/market/state")).ReadEnvelopeAsync(HttpStatusCode.OK)).ToJsonString();
        Assert.That(state, Does.Contain("\"state\":\"stopped\""), "/market/state shows the announced state");
        await recorder.WaitForAsync(b => Text(b, "notify_type") == "app_state_change" && Text(b["app_state_latest"]!["status"]!, "state") == "stopped", "stopped pushed");
        var pushed = recorder.Messages.Select(m => Text(m.Body["app_state_latest"]!["status"]!, "state")).ToList();
        Assert.That(pushed, Is.EqualTo(new[] { "running", "stopping", "stopped" }), "the older 'running' was never applied (the first is the warm-up)");
    }

    [Test]
    public async Task Two_replicas_publish_each_event_once_and_apply_each_announcement_once()
    {
        var url = TestNats.Url();
        _nats = await TestNats.ConnectAsync(url);
        await using var recorder = await NatsRecorder.StartAsync(_nats, $"{_prefix}.market.>");
        using var first = StartHost(url, pollIntervalMs: 60_000);
        using var second = StartHost(url, pollIntervalMs: 60_000);
        await SeedAppAsync(first, "dan", "board", AppState.Running.ToWire());
        await WaitConnectedAsync(first);
        await WaitConnectedAsync(second);
        await WarmUpAsync(recorder, "dan", "board");
        var receivedBefore = Fabric(first).Received + Fabric(second).Received;
        var publishedBefore = Fabric(first).Published + Fabric(second).Published;
        var pushedBefore = recorder.Messages.Count;

        // One at a time: replicas of a queue group may handle neighbours out of order (the older then loses to the createTime rule).
        const int count = 10;
        var t0 = DateTime.UtcNow;
        for (var i = 1; i <= count; i++)
        {
            var progress = i.ToString(CultureInfo.InvariantCulture);
            var announcement = Announcement("dan", "board", "upgrading", t0.AddMilliseconds(i), "op-1", "upgrade");
            announcement["progress"] = progress;
            await _nats.PublishJsonAsync($"{_prefix}.application.dan", announcement);
            await recorder.WaitForAsync(b => Text(b["app_state_latest"]!["status"]!, "progress") == progress, $"progress {progress}");
        }

        var received = Fabric(first).Received + Fabric(second).Received - receivedBefore;
        Assert.That(received, Is.EqualTo(count), "the queue group hands each announcement to one replica");
        Assert.That(recorder.Messages.Count - pushedBefore, Is.EqualTo(count),
            "one publish per applied announcement: " + string.Join(" | ", recorder.Messages.Select(m => m.Body.ToJsonString())));
        Assert.That(Fabric(first).Published + Fabric(second).Published - publishedBefore, Is.EqualTo(count));

        // A task's points, produced on the replica that runs it, reach NATS once although both replicas hear them.
        AnnounceOn(_nats);
        await IntegrationKit.AddCatalogAppAsync(first, "wiki");
        using var dan = second.CreateUserClient("dan");
        await (await dan.PostJsonAsync("/apps/wiki/install", IntegrationKit.InstallBody("wiki", sync: false))).ReadEnvelopeAsync(HttpStatusCode.OK);
        await recorder.WaitForAsync(b => Point(b) == "task_finished_succeed", "task_finished_succeed");
        Assert.That(recorder.Messages.Count(m => Point(m.Body) == "task_execute"), Is.EqualTo(1));
        Assert.That(recorder.Messages.Count(m => Point(m.Body) == "task_finished_succeed"), Is.EqualTo(1));
    }

    [Test]
    public async Task LarePass_requests_and_user_events_travel_over_nats()
    {
        var url = TestNats.Url();
        _nats = await TestNats.ConnectAsync(url);
        await using var users = await NatsRecorder.StartAsync(_nats, $"{_prefix}.users");
        using var host = StartHost(url, pollIntervalMs: 60_000);
        await WaitConnectedAsync(host);

        var channel = host.Services.GetRequiredService<ILarePassChannel>();
        var sign = new JsonObject { ["callback_url"] = "https://market.alice.olares.com/app-store/api/v2/payment/submit-signature", ["sign_body"] = new JsonObject { ["a"] = 1 } };
        Assert.That(await channel.PublishAsync(new LarePassMessage("alice", LarePassMessage.MarketPayment, sign), CancellationToken.None), Is.True);
        var request = await users.WaitForAsync(_ => true, "on the users subject");
        Assert.That(request.ToJsonString(), Is.EqualTo("{\"sign\":" + sign.ToJsonString() + ",\"user\":\"alice\",\"vars\":{},\"topic\":\"market_payment\"}"));

        var userEvent = "{\"event_type\":\"user_created\",\"username\":\"erin\",\"timestamp\":1764580000}";
        await _nats.PublishAsync($"{_prefix}.user-state", userEvent);
        var record = await Eventually.ValueAsync(
            async () =>
            {
                await using var scope = host.Services.CreateAsyncScope();
                return await scope.ServiceProvider.GetRequiredService<MarketDbContext>().HistoryRecords.AsNoTracking().FirstOrDefaultAsync(r => r.Account == "erin");
            },
            _ => true,
            () => "the user event recorded as history",
            TimeSpan.FromSeconds(30));
        Assert.That((record.Type, record.Extended), Is.EqualTo(("system", userEvent)));
    }

    [Test]
    public async Task Nats_restarted_mid_install_reconnects_reconciles_and_the_install_still_finishes()
    {
        await using var server = await PrivateNatsServer.StartAsync(jetStream: true);
        await _appService!.DisposeAsync();
        _appService = await FakeAppService.StartAsync(TimeSpan.FromMilliseconds(800)); // an install of ~4 s: the outage lands inside it
        _nats = await TestNats.ConnectAsync(server.Url);
        AnnounceOn(_nats);
        var recorder = await NatsStreamRecorder.StartAsync(_nats, $"{_prefix}.market.>");
        using var host = StartHost(server.Url, pollIntervalMs: 500);
        await WaitForStartReconcileAsync();
        await IntegrationKit.AddCatalogAppAsync(host, "album");
        using var frank = host.CreateUserClient("frank");
        await (await frank.PostJsonAsync("/apps/album/install", IntegrationKit.InstallBody("album", sync: false))).ReadEnvelopeAsync(HttpStatusCode.OK);
        await IntegrationKit.WaitForAppAsync(host, "frank", "album", a => a.State == AppState.Downloading, timeoutSeconds: 30);

        await server.StopAsync();
        await SeedAppAsync(host, "frank", "ghost", AppState.Running.ToWire(), knownToAppService: false); // app-service never heard of it: the reconcile removes it
        var state = await frank.GetAsync($"{IntegrationKit.Base}/market/state");
        Assert.That(state.StatusCode, Is.EqualTo(HttpStatusCode.OK), "NATS away fails no request");
        await server.StartAgainAsync();

        await IntegrationKit.WaitForAppAsync(host, "frank", "album", a => a.State == AppState.Running && a.InstalledVersion == "1.0.0", timeoutSeconds: 60);
        await IntegrationKit.WaitForAppAsync(host, "frank", "ghost", a => a.State == AppState.Uninstalled, timeoutSeconds: 60);
        await recorder.WaitForAsync(b => Point(b) == "task_finished_succeed", "task_finished_succeed after the restart", timeoutSeconds: 60);
        await recorder.WaitForAsync(b => Text(b, "app_name") == "ghost" && Text(b["app_state_latest"]!["status"]!, "state") == AppState.Uninstalled.ToWire(),
            "the reconcile's correction pushed", timeoutSeconds: 60);
        Assert.That(Fabric(host).Reconnects, Is.GreaterThanOrEqualTo(1));
    }

    private MarketIntegrationFactory StartHost(string url, int pollIntervalMs)
    {
        var settings = TestNats.Settings(url, _prefix);
        settings["Market:Runtime:Provider"] = "Olares";
        settings["Market:Runtime:Olares:AppServiceUrl"] = _appService!.Url;
        settings["Market:Runtime:Olares:PollIntervalMs"] = pollIntervalMs.ToString(CultureInfo.InvariantCulture);
        // An Olares deployment: payments talk to LarePass over NATS too (the DID gate is never called here).
        settings["Market:Payments:Provider"] = "Olares";
        settings["Market:Payments:Olares:SystemRemoteServiceUrl"] = _appService.Url;
        var host = _deployment!.StartReplica(settings);
        _ = host.Server;
        return host;
    }

    /// <summary>app-service announces on the deployment's app-state subject.</summary>
    private void AnnounceOn(NatsConnection nats) =>
        _appService!.Announce = message => nats.PublishJsonAsync($"{_prefix}.application.{message["user"]!.GetValue<string>()}", message);

    /// <summary>
    /// Announces the app's current state until a replica applied it: the replicas subscribe in the
    /// background after start, and an announcement sent before that reaches nobody (core NATS keeps nothing).
    /// </summary>
    private async Task WarmUpAsync(NatsRecorder recorder, string user, string app)
    {
        var warmUp = Announcement(user, app, AppState.Running.ToWire(), DateTime.UtcNow.AddHours(-1), "op-0", OpType.Install.ToWire());
        bool Applied(JsonObject body) => Text(body, "notify_type") == "app_state_change" && Text(body, "app_name") == app;
        await Eventually.HoldsAsync(
            async () =>
            {
                await _nats!.PublishJsonAsync($"{_prefix}.application.{user}", warmUp);
                return await recorder.TryWaitForAsync(Applied, TimeSpan.FromSeconds(1));
            },
            "a replica to apply an announcement",
            TimeSpan.FromSeconds(30));
    }

    private async Task WaitForStartReconcileAsync()
    {
        await Eventually.HoldsAsync(() => Task.FromResult(_appService!.StatusPolls > 0), "a reconcile with app-service at start", TimeSpan.FromSeconds(30));
    }

    private static async Task<string> HashAsync(HttpClient client) =>
        (await (await client.GetAsync($"{IntegrationKit.Base}/market/hash")).ReadEnvelopeAsync(HttpStatusCode.OK))["data"]!.ToJsonString();

    private static async Task WaitConnectedAsync(MarketIntegrationFactory host)
    {
        await Eventually.HoldsAsync(() => Task.FromResult(Fabric(host).Connected), "the replica to connect to NATS", TimeSpan.FromSeconds(30));
    }

    private static Market.Application.Runtime.Models.NatsDiagnosticDto Fabric(MarketIntegrationFactory host) =>
        host.Services.GetRequiredService<IEventFabricStatus>().GetStatus();

    /// <summary>An installed app in Market's database; <paramref name="knownToAppService"/> makes app-service list it too.</summary>
    private async Task SeedAppAsync(MarketIntegrationFactory host, string user, string name, string state, bool knownToAppService = true)
    {
        if (knownToAppService)
        {
            _appService!.Place(user, name, state);
        }

        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        db.SeedUserApp(user, "upload", name, state, version: "1.0.0", opType: OpType.Install);
        await db.SaveChangesAsync();
    }

    private static JsonObject Announcement(string user, string name, string state, DateTime createTime, string opId, string opType) => new()
    {
        ["eventID"] = Guid.NewGuid().ToString("N"),
        ["createTime"] = createTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
        ["name"] = name,
        ["rawAppName"] = name,
        ["title"] = name,
        ["opID"] = opId,
        ["opType"] = opType,
        ["state"] = state,
        ["user"] = user,
        ["progress"] = string.Empty,
        ["marketSource"] = "upload",
        ["reason"] = string.Empty,
        ["message"] = string.Empty,
        ["entranceStatuses"] = new JsonArray(),
    };

    private static void AssertKeys(JsonObject body, params string[] keys) =>
        Assert.That(body.Select(p => p.Key).Order(), Is.EqualTo(keys.Order()), body.ToJsonString());

    private static string? Point(JsonObject body) => body["point"] is JsonValue v && v.TryGetValue<string>(out var p) ? p : null;

    private static string Text(JsonNode node, string key) => node[key] is JsonValue v && v.TryGetValue<string>(out var t) ? t : string.Empty;
}
