using System.Net;
using System.Text.Json.Nodes;
using Market.Api.Tests.Infrastructure;
using Market.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Market.Api.Tests.Infrastructure.CatalogTestKit;

namespace Market.Api.Tests.Catalog;

/// <summary>
/// Sources that name themselves, "why is this app missing" and "sync now" (issue 11 items 5–7), against a
/// fake remote whose catalog carries labels and source metadata.
/// </summary>
public sealed class SourceHealthTests
{
    private const string Sources = Prefix + "/settings/market-source";

    private FakeRemoteMarket _remote = null!;
    private MarketApiFactory _factory = null!;
    private HttpClient _admin = null!;
    private HttpClient _alice = null!;

    [SetUp]
    public async Task SetUp()
    {
        _remote = await FakeRemoteMarket.StartAsync();
        _remote.Put(FakeRemoteMarket.App("notes", "1.0.0"));
        _remote.Put(FakeRemoteMarket.App("photos", "2.1.0"));
        _factory = new MarketApiFactory(new Dictionary<string, string?>
        {
            ["Market:Sources:OfficialBaseUrl"] = _remote.BaseUrl,
            ["Market:Sources:AllowPrivateNetworks"] = "true",
            ["Market:Sources:RequestTimeoutSeconds"] = "2",
            ["Market:Sources:RetryCount"] = "0",
            ["Market:Notifications:AllowPrivateNetworks"] = "true",
            ["Market:Notifications:RetryBaseSeconds"] = "0.2",
        });
        _admin = _factory.CreateUserClient("admin");
        _alice = _factory.CreateUserClient("alice");
    }

    [TearDown]
    public async Task TearDown()
    {
        _admin.Dispose();
        _alice.Dispose();
        await _factory.DisposeAsync();
        await _remote.DisposeAsync();
    }

    [Test]
    public async Task A_remote_names_itself_from_its_catalog_info_and_an_added_one_from_the_request()
    {
        // Settle the start-up sync first, so that it cannot store the new hash with the old info.
        await SyncAsync(_factory.Services, "market.olares");
        _remote.SourceInfo = new JsonObject { ["display_name"] = "Fake Market", ["short_label"] = "Fake", ["icon"] = "https://icons.example/fake.png" };
        // A new app moves the remote hash, so the next sync reads the catalog info again.
        _remote.Put(FakeRemoteMarket.App("extra", "1.0.0"));
        await SyncAsync(_factory.Services, "market.olares");
        await using var other = await FakeRemoteMarket.StartAsync();
        other.Put(FakeRemoteMarket.App("wiki", "1.0.0"));

        var added = await _admin.SendAsync(HttpMethod.Post, Sources, $$"""
            {"id":"market.mine","name":"Mine","base_url":"{{other.BaseUrl}}","display_name":"My Market","short_label":"Mine","icon":"https://icons.example/mine.png"}
            """);
        await added.ReadEnvelopeAsync(HttpStatusCode.OK);

        var official = await SourceItemAsync("market.olares");
        Assert.That((official["display_name"]!.GetValue<string>(), official["short_label"]!.GetValue<string>(), official["icon"]!.GetValue<string>()),
            Is.EqualTo(("Fake Market", "Fake", "https://icons.example/fake.png")), "the catalog's own names beat the presets");
        Assert.That(official["is_official"]!.GetValue<bool>(), Is.True);
        var mine = await SourceItemAsync("market.mine");
        Assert.That((mine["display_name"]!.GetValue<string>(), mine["short_label"]!.GetValue<string>(), mine["icon"]!.GetValue<string>()),
            Is.EqualTo(("My Market", "Mine", "https://icons.example/mine.png")), "no names in its catalog: those of the add request");
        Assert.That(mine["is_official"]!.GetValue<bool>(), Is.False);
    }

    [Test]
    public async Task The_sources_list_shows_the_health_and_why_each_missing_app_is_held_back()
    {
        _remote.Put(FakeRemoteMarket.App("paused", "1.0.0", labels: ["suspend"]));
        _remote.Put(FakeRemoteMarket.App("retired", "1.0.0", labels: ["remove"]));
        var draft = FakeRemoteMarket.App("draft", "1.0.0");
        draft.Remove("version");
        _remote.Put(draft);
        _remote.Put(FakeRemoteMarket.App("nightly", "latest"));
        _remote.PutListedOnly(FakeRemoteMarket.App("future", "3.0.0"));

        await SyncAsync(_factory.Services, "market.olares");

        Assert.That(AppNames(await DataAsync(_alice), "market.olares"), Is.EqualTo(new[] { "notes", "photos" }));
        var health = (await SourceItemAsync("market.olares"))["health"]!.AsObject();
        Assert.That(health["status"]!.GetValue<string>(), Is.EqualTo("ok"));
        Assert.That(health["app_count"]!.GetValue<int>(), Is.EqualTo(2));
        Assert.That(health["last_success_at"], Is.Not.Null);
        Assert.That(health["last_error"], Is.Null);
        Assert.That(HeldBack(health), Is.EquivalentTo(new Dictionary<string, string>
        {
            ["paused"] = "labelled_suspend",
            ["retired"] = "labelled_remove",
            ["draft"] = "no_version",
            ["nightly"] = "not_renderable",
            ["future"] = "not_for_this_olares_version",
        }));

        var runtime = await (await _admin.GetAsync(Prefix + "/runtime/state")).ReadEnvelopeAsync(HttpStatusCode.OK);
        var row = runtime["data"]!["sources"]!.AsArray().Single(s => s!["source_id"]!.GetValue<string>() == "market.olares")!.AsObject();
        Assert.That(row["status"]!.GetValue<string>(), Is.EqualTo("ok"));
        Assert.That(HeldBack(row), Has.Count.EqualTo(5), "the runtime view shows the same reasons");
    }

    [Test]
    public async Task A_source_turning_unhealthy_is_announced_once_per_transition()
    {
        await using var receiver = await Market.Testing.Fakes.FakeWebhookReceiver.StartAsync();
        var subscribe = new JsonObject { ["url"] = receiver.Url, ["events"] = new JsonArray("source_unhealthy"), ["secret"] = "a-long-webhook-secret-0123456789" };
        await (await _alice.SendAsync(HttpMethod.Post, Prefix + "/settings/notifications", subscribe.ToJsonString())).ReadEnvelopeAsync(HttpStatusCode.OK);
        await SyncAsync(_factory.Services, "market.olares");

        _remote.Mode = FakeRemoteMarket.Behaviour.Unavailable;
        await SyncNowAsync("market.olares");
        await SyncNowAsync("market.olares");
        await Market.Testing.Waiting.Eventually.HoldsAsync(() => Task.FromResult(!receiver.Accepted.IsEmpty), "the unhealthy source to be announced");
        var body = JsonNode.Parse(receiver.Accepted.Single().Body)!;
        Assert.That((body["event"]!.GetValue<string>(), body["data"]!["source"]!.GetValue<string>(), body["data"]!["health"]!.GetValue<string>()),
            Is.EqualTo(("source_unhealthy", "market.olares", "unreachable")));

        // Healthy again, then down again: a new transition, a new announcement; staying down announces nothing.
        _remote.Mode = FakeRemoteMarket.Behaviour.Normal;
        await SyncNowAsync("market.olares");
        _remote.Mode = FakeRemoteMarket.Behaviour.Unavailable;
        await SyncNowAsync("market.olares");
        await Market.Testing.Waiting.Eventually.HoldsAsync(() => Task.FromResult(receiver.Accepted.Count >= 2), "the second transition to be announced");
        await SyncNowAsync("market.olares");
        var deliveries = (await (await _alice.GetAsync(Prefix + "/settings/notifications/deliveries")).ReadEnvelopeAsync(HttpStatusCode.OK))["data"]!["deliveries"]!.AsArray();
        Assert.That(deliveries, Has.Count.EqualTo(2), "one row per transition");
    }

    [Test]
    public async Task A_failing_sync_keeps_the_last_good_catalog_and_says_why()
    {
        await SyncAsync(_factory.Services, "market.olares");
        var lastSuccess = (await SourceItemAsync("market.olares"))["health"]!["last_success_at"]!.GetValue<string>();

        _remote.Mode = FakeRemoteMarket.Behaviour.Garbage;
        var invalid = await SyncNowAsync("market.olares");
        Assert.That(invalid["outcome"]!.GetValue<string>(), Is.EqualTo("failed"));
        Assert.That(invalid["health"]!["status"]!.GetValue<string>(), Is.EqualTo("invalid"));
        Assert.That(invalid["error"]!.GetValue<string>(), Does.Contain("not valid JSON"));

        _remote.Mode = FakeRemoteMarket.Behaviour.Unavailable;
        var down = await SyncNowAsync("market.olares");
        Assert.That(down["health"]!["status"]!.GetValue<string>(), Is.EqualTo("unreachable"));
        Assert.That(down["health"]!["last_error"]!.GetValue<string>(), Does.Contain("503"));
        Assert.That(down["health"]!["last_success_at"]!.GetValue<string>(), Is.EqualTo(lastSuccess), "the last good sync is still shown");
        Assert.That(AppNames(await DataAsync(_alice), "market.olares"), Is.EqualTo(new[] { "notes", "photos" }), "the last good catalog is still served");

        _remote.Mode = FakeRemoteMarket.Behaviour.Normal;
        var back = await SyncNowAsync("market.olares");
        Assert.That(back["outcome"]!.GetValue<string>(), Is.EqualTo("unchanged"));
        var health = (await SourceItemAsync("market.olares"))["health"]!;
        Assert.That(health["status"]!.GetValue<string>(), Is.EqualTo("ok"));
        Assert.That(health["last_error"], Is.Null);
    }

    [Test]
    public async Task Sync_now_picks_up_a_suspend_label_that_came_without_a_new_version()
    {
        _remote.SummaryDigests = false;
        await SyncAsync(_factory.Services, "market.olares");

        _remote.Put(FakeRemoteMarket.App("notes", "1.0.0", labels: ["suspend"]));
        var answer = await SyncNowAsync("market.olares");

        Assert.That(answer["outcome"]!.GetValue<string>(), Is.EqualTo("updated"));
        Assert.That(answer["changed"]!.GetValue<bool>(), Is.True);
        Assert.That(AppNames(await DataAsync(_alice), "market.olares"), Is.EqualTo(new[] { "photos" }));
        Assert.That(HeldBack(answer["health"]!.AsObject()), Is.EquivalentTo(new Dictionary<string, string> { ["notes"] = "labelled_suspend" }));
    }

    [Test]
    public async Task Every_detail_is_refetched_once_a_day_even_when_the_hash_stays()
    {
        _remote.SummaryDigests = false;
        _remote.FrozenHash = "frozen";
        await SyncAsync(_factory.Services, "market.olares");
        _remote.Put(FakeRemoteMarket.App("notes", "1.0.0", labels: ["suspend"]));

        var sameDay = await SyncNowAsync("market.olares");
        Assert.That(sameDay["outcome"]!.GetValue<string>(), Is.EqualTo("unchanged"));
        Assert.That(AppNames(await DataAsync(_alice), "market.olares"), Does.Contain("notes"), "within the day the hash decides");

        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
            await db.SourceSnapshots.Where(s => s.SourceId == "market.olares")
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.LastFullFetchAt, DateTime.UtcNow.AddDays(-2)));
        }

        var nextDay = await SyncNowAsync("market.olares");
        Assert.That(nextDay["outcome"]!.GetValue<string>(), Is.EqualTo("updated"));
        Assert.That(AppNames(await DataAsync(_alice), "market.olares"), Is.EqualTo(new[] { "photos" }));
    }

    [Test]
    public async Task Sync_now_is_for_admins_and_remote_sources_only()
    {
        var unknown = await (await _admin.PostAsync(Sources + "/nowhere/sync", null)).ReadEnvelopeAsync(HttpStatusCode.NotFound);
        Assert.That(unknown.Message(), Is.EqualTo("Market source 'nowhere' not found"));
        var local = await (await _admin.PostAsync(Sources + "/upload/sync", null)).ReadEnvelopeAsync(HttpStatusCode.BadRequest);
        Assert.That(local.Message(), Is.EqualTo("Market source 'upload' is a local source; only remote sources are synced"));
        await (await _alice.PostAsync(Sources + "/market.olares/sync", null)).ReadEnvelopeAsync(HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task Probe_answers_what_it_found_and_writes_nothing()
    {
        await using var other = await FakeRemoteMarket.StartAsync();
        other.Put(FakeRemoteMarket.App("wiki", "1.0.0"));
        other.Put(FakeRemoteMarket.App("chat", "0.9.0"));
        other.SourceInfo = new JsonObject { ["display_name"] = "Other Market", ["short_label"] = "Other" };
        var before = (await ListAsync()).Count;

        var envelope = await (await ProbeAsync(_admin, other.BaseUrl)).ReadEnvelopeAsync(HttpStatusCode.OK);

        var found = envelope["data"]!.AsObject();
        Assert.That(found["name"]!.GetValue<string>(), Is.EqualTo("Other Market"));
        Assert.That(found["short_label"]!.GetValue<string>(), Is.EqualTo("Other"));
        Assert.That(found["app_count"]!.GetValue<int>(), Is.EqualTo(2));
        Assert.That(found["hash"]!.GetValue<string>(), Is.EqualTo(other.CatalogHash));
        Assert.That(found["version"]!.GetValue<string>(), Is.EqualTo("1.12.3"));
        Assert.That(found["latency_ms"]!.GetValue<long>(), Is.GreaterThanOrEqualTo(0));
        Assert.That(await ListAsync(), Has.Count.EqualTo(before), "nothing was added");
    }

    [Test]
    public async Task Probe_refuses_a_mistyped_or_foreign_url_with_the_reason()
    {
        await using var html = await FakeRemoteMarket.StartAsync();
        html.Mode = FakeRemoteMarket.Behaviour.Garbage;

        var closed = await (await ProbeAsync(_admin, "http://127.0.0.1:9")).ReadEnvelopeAsync(HttpStatusCode.BadRequest);
        Assert.That(closed.Message(), Does.StartWith("base_url: the source is unreachable"));
        var foreign = await (await ProbeAsync(_admin, html.BaseUrl)).ReadEnvelopeAsync(HttpStatusCode.BadRequest);
        Assert.That(foreign.Message(), Does.StartWith("base_url: the URL does not serve the market protocol"));
        var registered = await (await ProbeAsync(_admin, _remote.BaseUrl + "/")).ReadEnvelopeAsync(HttpStatusCode.Conflict);
        Assert.That(registered.Message(), Is.EqualTo("base_url: already registered as market source 'market.olares'"));
        var empty = await (await ProbeAsync(_admin, "")).ReadEnvelopeAsync(HttpStatusCode.BadRequest);
        Assert.That(empty.Message(), Is.EqualTo("base_url: source base URL cannot be empty"));
        var ftp = await (await ProbeAsync(_admin, "ftp://market.example")).ReadEnvelopeAsync(HttpStatusCode.BadRequest);
        Assert.That(ftp.Message(), Is.EqualTo("base_url: must be an absolute http or https URL"));
        await (await ProbeAsync(_alice, _remote.BaseUrl)).ReadEnvelopeAsync(HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task Probe_without_private_networks_wants_https_and_a_public_address()
    {
        await using var factory = new MarketApiFactory();
        using var admin = factory.CreateUserClient("admin");

        var plain = await (await ProbeAsync(admin, "http://market.example")).ReadEnvelopeAsync(HttpStatusCode.BadRequest);
        Assert.That(plain.Message(), Is.EqualTo("base_url: must use https"));
        var loopback = await (await ProbeAsync(admin, "https://127.0.0.1:8443")).ReadEnvelopeAsync(HttpStatusCode.BadRequest);
        Assert.That(loopback.Message(), Does.StartWith("base_url: "), "the SSRF guard's reason");
    }

    private static Dictionary<string, string> HeldBack(JsonObject health) =>
        health["held_back"]!.AsArray().ToDictionary(h => h!["name"]!.GetValue<string>(), h => h!["reason"]!.GetValue<string>());

    private static Task<HttpResponseMessage> ProbeAsync(HttpClient client, string baseUrl) =>
        client.SendAsync(HttpMethod.Post, Sources + "/probe", new JsonObject { ["base_url"] = baseUrl }.ToJsonString());

    private async Task<JsonObject> SyncNowAsync(string sourceId)
    {
        var envelope = await (await _admin.PostAsync($"{Sources}/{sourceId}/sync", null)).ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(envelope.Message(), Is.EqualTo("Market source sync finished"));
        return envelope["data"]!.AsObject();
    }

    private async Task<List<JsonObject>> ListAsync()
    {
        var envelope = await (await _alice.GetAsync(Sources)).ReadEnvelopeAsync(HttpStatusCode.OK);
        return envelope["data"]!.AsArray().Select(s => s!.AsObject()).ToList();
    }

    private async Task<JsonObject> SourceItemAsync(string id) => (await ListAsync()).Single(s => s["id"]!.GetValue<string>() == id);
}
