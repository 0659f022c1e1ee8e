using System.Net;
using System.Text.Json.Nodes;
using Market.Api.Tests.Infrastructure;
using static Market.Api.Tests.Infrastructure.CatalogTestKit;

namespace Market.Api.Tests.Catalog;

/// <summary>
/// Issue 16, the v2 remote protocol chosen per source (olares-current §2): a v2-only source and a v1-only one
/// side by side, seen as a user sees them (<c>/market/data</c>, <c>POST /apps</c>, <c>/settings/market-source</c>).
/// </summary>
public sealed class V2SourceProtocolTests
{
    private const string Sources = Prefix + "/settings/market-source";

    private FakeRemoteMarket _v1 = null!;
    private FakeRemoteMarket _v2 = null!;
    private MarketApiFactory _factory = null!;
    private HttpClient _admin = null!;
    private HttpClient _alice = null!;

    [SetUp]
    public async Task SetUp()
    {
        _v1 = await FakeRemoteMarket.StartAsync();
        _v1.Put(FakeRemoteMarket.App("notes", "1.0.0"));
        _v1.Put(FakeRemoteMarket.App("photos", "2.1.0"));

        _v2 = await FakeRemoteMarket.StartAsync();
        _v2.SpeaksV1 = false;
        _v2.SpeaksV2 = true;
        _v2.MaxPageSize = 2; // three apps: the listing takes two pages
        _v2.TaxonomySource = new JsonObject
        {
            ["source_id"] = "community",
            ["short_label"] = "Comm",
            ["display_name"] = new JsonObject { ["en-US"] = "Community Market", ["zh-CN"] = "社区市场" },
            ["icon"] = "https://icons.example/community.png",
            ["is_official"] = false,
        };
        _v2.Put(FakeRemoteMarket.App("wiki", "1.0.0"));
        _v2.Put(FakeRemoteMarket.App("chat", "1.0.0"));
        _v2.Put(FakeRemoteMarket.App("board", "0.3.0"));

        _factory = new MarketApiFactory(new Dictionary<string, string?>
        {
            ["Market:Sources:OfficialBaseUrl"] = _v1.BaseUrl,
            ["Market:Sources:AllowPrivateNetworks"] = "true",
            ["Market:Sources:RequestTimeoutSeconds"] = "5",
            ["Market:Sources:RetryCount"] = "0",
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
        await _v1.DisposeAsync();
        await _v2.DisposeAsync();
    }

    [Test]
    public async Task A_v2_only_source_and_a_v1_only_one_sync_side_by_side_and_changes_show_after_one_sync()
    {
        await SyncNowAsync("market.olares");
        await AddCommunityAsync();
        Assert.That((await SyncNowAsync("market.community"))["outcome"]!.GetValue<string>(), Is.AnyOf("updated", "unchanged", "no_changes"));

        Assert.That(AppNames(await DataAsync(_alice), "market.olares"), Is.EquivalentTo(new[] { "notes", "photos" }), "the v1 source as before");
        await SelectAsync("market.community");
        Assert.That(AppNames(await DataAsync(_alice), "market.community"), Is.EquivalentTo(new[] { "wiki", "chat", "board" }), "every page of the v2 listing");
        Assert.That(_v2.PagesServed, Does.Contain(2), "the listing was paged until has_more was false");
        Assert.That(_v2.HashCalls + _v2.InfoCalls, Is.Zero, "a v2 source is never asked the v1 catalog");
        Assert.That(_v1.CatalogV2Calls, Is.GreaterThan(0), "the v1 source was probed for v2 first");

        var wiki = await AppInfoAsync("wiki", "market.community");
        Assert.That(wiki["app_info"]!["app_entry"]!["title"]!["en-US"]!.GetValue<string>(), Is.EqualTo("WIKI"), "details still come from v1");
        Assert.That(wiki["app_info"]!["app_entry"]!["featuredImage"]!.GetValue<string>(), Is.EqualTo("https://images.example/wiki.png"),
            "the v2 listing completes the entry");

        _v2.Remove("chat");
        _v2.Put(FakeRemoteMarket.App("wiki", "1.1.0"));
        var second = await SyncNowAsync("market.community");

        Assert.That(second["outcome"]!.GetValue<string>(), Is.EqualTo("updated"));
        var data = await DataAsync(_alice);
        Assert.That(AppNames(data, "market.community"), Is.EquivalentTo(new[] { "wiki", "board" }), "the removed app is gone after one sync");
        Assert.That(SimpleInfo(data, "market.community", "wiki")["app_version"]!.GetValue<string>(), Is.EqualTo("1.1.0"), "the bumped version shows after one sync");
        Assert.That((await AppInfoAsync("wiki", "market.community"))["version"]!.GetValue<string>(), Is.EqualTo("1.1.0"));

        var unchanged = await SyncNowAsync("market.community");
        Assert.That(unchanged["outcome"]!.GetValue<string>(), Is.EqualTo("unchanged"), "unchanged catalog marks end the cycle");
    }

    [Test]
    public async Task The_v2_sources_taxonomy_names_it_in_the_sources_list()
    {
        await AddCommunityAsync();
        await SyncNowAsync("market.community");

        var item = (await ListAsync()).Single(s => s["id"]!.GetValue<string>() == "market.community");

        Assert.That(item["display_name"]!.GetValue<string>(), Is.EqualTo("Community Market"), "not the name the admin typed");
        Assert.That(item["short_label"]!.GetValue<string>(), Is.EqualTo("Comm"));
        Assert.That(item["icon"]!.GetValue<string>(), Is.EqualTo("https://icons.example/community.png"));
        Assert.That(item["health"]!["status"]!.GetValue<string>(), Is.EqualTo("ok"));
        Assert.That(item["health"]!["app_count"]!.GetValue<int>(), Is.EqualTo(3));
        Assert.That(item["health"]!["protocol"]!.GetValue<string>(), Is.EqualTo("v2"));
    }

    [Test]
    public async Task A_source_that_moves_from_v1_to_v2_and_back_keeps_its_apps()
    {
        await SyncNowAsync("market.olares");
        var before = await AppInfoAsync("notes", "market.olares");

        _v1.SpeaksV2 = true;
        _v1.SpeaksV1 = false;
        var onV2 = await SyncNowAsync("market.olares");
        Assert.That(onV2["outcome"]!.GetValue<string>(), Is.Not.EqualTo("failed"), onV2.ToJsonString());
        Assert.That(AppNames(await DataAsync(_alice), "market.olares"), Is.EquivalentTo(new[] { "notes", "photos" }), "the same apps over v2");
        Assert.That(onV2["health"]!["protocol"]!.GetValue<string>(), Is.EqualTo("v2"));
        Assert.That((await AppInfoAsync("notes", "market.olares"))["app_simple_info"]!["app_id"]!.GetValue<string>(),
            Is.EqualTo(before["app_simple_info"]!["app_id"]!.GetValue<string>()));

        _v1.Put(FakeRemoteMarket.App("extra", "1.0.0"));
        _v1.SpeaksV2 = false;
        _v1.SpeaksV1 = true;
        var backOnV1 = await SyncNowAsync("market.olares");
        Assert.That(backOnV1["outcome"]!.GetValue<string>(), Is.EqualTo("updated"), backOnV1.ToJsonString());
        Assert.That(AppNames(await DataAsync(_alice), "market.olares"), Is.EquivalentTo(new[] { "notes", "photos", "extra" }), "and back on v1");
        Assert.That(backOnV1["health"]!["protocol"]!.GetValue<string>(), Is.EqualTo("v1"));
    }

    [Test]
    public async Task A_v2_source_follows_the_same_health_and_hold_back_rules()
    {
        await AddCommunityAsync();
        _v2.Put(FakeRemoteMarket.App("paused", "1.0.0", labels: ["suspend"]));
        _v2.PutListedOnly(FakeRemoteMarket.App("future", "3.0.0"));
        await SyncNowAsync("market.community");
        var health = (await ListAsync()).Single(s => s["id"]!.GetValue<string>() == "market.community")["health"]!.AsObject();
        Assert.That(health["held_back"]!.AsArray().ToDictionary(h => h!["name"]!.GetValue<string>(), h => h!["reason"]!.GetValue<string>()),
            Is.EquivalentTo(new Dictionary<string, string> { ["paused"] = "labelled_suspend", ["future"] = "not_for_this_olares_version" }));

        _v2.Mode = FakeRemoteMarket.Behaviour.Unavailable;
        var failed = await SyncNowAsync("market.community");
        Assert.That(failed["health"]!["status"]!.GetValue<string>(), Is.EqualTo("unreachable"));
        await SelectAsync("market.community");
        Assert.That(AppNames(await DataAsync(_alice), "market.community"), Is.EquivalentTo(new[] { "wiki", "chat", "board" }), "the last good catalog is served");
    }

    [TestCase(FakeRemoteMarket.NotV2Answer.Forbidden)]
    [TestCase(FakeRemoteMarket.NotV2Answer.HtmlPage)]
    public async Task A_v1_source_that_answers_the_v2_probe_otherwise_than_404_still_syncs_over_v1(FakeRemoteMarket.NotV2Answer answer)
    {
        _v1.NotV2 = answer;
        _v1.Put(FakeRemoteMarket.App("extra", "1.0.0"));

        var result = await SyncNowAsync("market.olares");

        Assert.That(result["outcome"]!.GetValue<string>(), Is.Not.EqualTo("failed"), result.ToJsonString());
        Assert.That(AppNames(await DataAsync(_alice), "market.olares"), Is.EquivalentTo(new[] { "notes", "photos", "extra" }));
    }

    [Test]
    public async Task A_v2_source_is_probed_like_a_v1_one()
    {
        var envelope = await (await _admin.SendAsync(HttpMethod.Post, Sources + "/probe", new JsonObject { ["base_url"] = _v2.BaseUrl }.ToJsonString()))
            .ReadEnvelopeAsync(HttpStatusCode.OK);

        var found = envelope["data"]!.AsObject();
        Assert.That(found["name"]!.GetValue<string>(), Is.EqualTo("Community Market"));
        Assert.That(found["app_count"]!.GetValue<int>(), Is.EqualTo(3));
        Assert.That(found["version"]!.GetValue<string>(), Is.EqualTo("v2"));
    }

    [Test]
    public async Task A_remote_apps_chart_downloads_over_v2_and_falls_back_to_v1()
    {
        await SyncNowAsync("market.olares");
        await AddCommunityAsync();
        await SyncNowAsync("market.community");
        var wikiChart = ChartArchiveBuilder.Valid("wiki", "1.0.0").Build();
        var notesChart = ChartArchiveBuilder.Valid("notes", "1.0.0").Build();
        _v2.Charts["wiki"] = wikiChart;
        _v1.Charts["notes"] = notesChart;

        var wiki = await _alice.GetAsync(Prefix + "/apps/wiki/package?source=market.community");
        var notes = await _alice.GetAsync(Prefix + "/apps/notes/package?source=market.olares");
        var missing = await _alice.GetAsync(Prefix + "/apps/photos/package?source=market.olares");

        Assert.That(await wiki.Content.ReadAsByteArrayAsync(), Is.EqualTo(wikiChart));
        Assert.That(_v2.ChartRequests, Is.EqualTo(new[] { "v2 wiki" }), "a v2 source serves its chart on v2");
        Assert.That(await notes.Content.ReadAsByteArrayAsync(), Is.EqualTo(notesChart));
        Assert.That(_v1.ChartRequests, Does.Contain("v2 notes").And.Contain("v1 notes notes-1.0.0.tgz"), "v2 first, then v1 with the chart's file name");
        Assert.That((await missing.ReadEnvelopeAsync(HttpStatusCode.NotFound)).Message(), Is.EqualTo("Chart not found"));
    }

    [TestCase("http://localhost:{0}")]
    [TestCase("http://LOCALHOST.:{0}/")]
    [TestCase("http://[::1]:{0}")]
    public async Task A_second_spelling_of_a_registered_source_is_refused_at_probe_and_add(string spelling)
    {
        var port = new Uri(_v1.BaseUrl).Port; // market.olares is registered as http://127.0.0.1:<port>
        var url = string.Format(System.Globalization.CultureInfo.InvariantCulture, spelling, port);

        var probe = await (await _admin.SendAsync(HttpMethod.Post, Sources + "/probe", new JsonObject { ["base_url"] = url }.ToJsonString()))
            .ReadEnvelopeAsync(HttpStatusCode.Conflict);
        var add = await (await _admin.SendAsync(HttpMethod.Post, Sources, new JsonObject { ["id"] = "market.again", ["name"] = "again", ["base_url"] = url }.ToJsonString()))
            .ReadEnvelopeAsync(HttpStatusCode.Conflict);

        Assert.That(probe.Message(), Is.EqualTo("base_url: already registered as market source 'market.olares'"));
        Assert.That(add.Message(), Is.EqualTo("base_url: already registered as market source 'market.olares'"));
        Assert.That((await ListAsync()).Select(s => s["id"]!.GetValue<string>()), Does.Not.Contain("market.again"));
    }

    private async Task AddCommunityAsync() =>
        await (await _admin.SendAsync(HttpMethod.Post, Sources, $$"""{"id":"market.community","name":"typed by the admin","base_url":"{{_v2.BaseUrl}}"}"""))
            .ReadEnvelopeAsync(HttpStatusCode.OK);

    private async Task SelectAsync(string source) =>
        await (await _alice.SendAsync(HttpMethod.Put, Prefix + "/settings/market-settings", $$"""{"selected_source":"{{source}}","nsfw":false}"""))
            .ReadEnvelopeAsync(HttpStatusCode.OK);

    private async Task<JsonObject> SyncNowAsync(string sourceId) =>
        (await (await _admin.PostAsync($"{Sources}/{sourceId}/sync", null)).ReadEnvelopeAsync(HttpStatusCode.OK))["data"]!.AsObject();

    private async Task<List<JsonObject>> ListAsync() =>
        (await (await _alice.GetAsync(Sources)).ReadEnvelopeAsync(HttpStatusCode.OK))["data"]!.AsArray().Select(s => s!.AsObject()).ToList();

    private async Task<JsonObject> AppInfoAsync(string name, string source)
    {
        var body = new JsonObject { ["apps"] = new JsonArray(new JsonObject { ["appid"] = name, ["sourceDataName"] = source }) };
        var envelope = await (await _alice.SendAsync(HttpMethod.Post, Prefix + "/apps", body.ToJsonString())).ReadEnvelopeAsync(HttpStatusCode.OK);
        return envelope["data"]!["apps"]![0]!.AsObject();
    }

    private static JsonObject SimpleInfo(JsonObject data, string source, string name) =>
        Source(data, source)["app_info_latest"]!.AsArray()
            .Select(a => a!["app_simple_info"]!.AsObject())
            .Single(a => a["app_name"]!.GetValue<string>() == name);
}
