using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Market.Api.Tests.Infrastructure;
using static Market.Api.Tests.Infrastructure.CatalogTestKit;

namespace Market.Api.Tests.Catalog;

/// <summary>client-contract §4 items 2 and 3: <c>/market/hash</c>, <c>/market/data</c>, <c>/market/state*</c>, field by field.</summary>
public sealed class MarketDataContractTests
{
    private FakeRemoteMarket _remote = null!;
    private MarketApiFactory _factory = null!;
    private HttpClient _alice = null!;

    [OneTimeSetUp]
    public async Task SetUp()
    {
        _remote = await FakeRemoteMarket.StartAsync();
        _remote.Put(FakeRemoteMarket.App("notes", "1.0.0"));
        _remote.Put(FakeRemoteMarket.App("photos", "2.1.0"));
        _factory = new MarketApiFactory(new Dictionary<string, string?>
        {
            ["Market:Sources:OfficialBaseUrl"] = _remote.BaseUrl,
            ["Market:Sources:AllowPrivateNetworks"] = "true",
        });
        _alice = _factory.CreateUserClient("alice");
        await SyncAsync(_factory.Services, "market.olares");

        // Local apps: one shared with everybody, one of alice's that shadows it, one of bob's.
        await AddLocalAppAsync(_factory.Services, "cli", string.Empty, LocalEntry("sharedtool", "1.0.0"));
        await AddLocalAppAsync(_factory.Services, "cli", "alice", LocalEntry("sharedtool", "9.0.0"));
        await AddLocalAppAsync(_factory.Services, "upload", "bob", LocalEntry("bobsapp", "0.1.0"));
        await SetUserAppAsync(_factory.Services, "alice", "market.olares", "notes", "running");
    }

    [OneTimeTearDown]
    public async Task TearDown()
    {
        _alice.Dispose();
        await _factory.DisposeAsync();
        await _remote.DisposeAsync();
    }

    public static JsonObject LocalEntry(string name, string version) => new()
    {
        ["id"] = FakeRemoteMarket.AppIdOf(name),
        ["name"] = name,
        ["version"] = version,
        ["cfgType"] = "app",
        ["title"] = new JsonObject { ["en-US"] = name },
        ["description"] = new JsonObject { ["en-US"] = "local " + name },
        ["categories"] = new JsonArray("Utilities"),
        ["supportArch"] = new JsonArray("amd64", "arm64"),
        ["entrances"] = new JsonArray(new JsonObject { ["name"] = "a", ["port"] = 80 }, new JsonObject { ["name"] = "b", ["port"] = 81 }),
    };

    [Test]
    public async Task Hash_is_a_non_empty_string()
    {
        var hash = await HashAsync(_alice);
        Assert.That(hash, Does.Match("^[0-9a-f]{64}$"));
    }

    [Test]
    public async Task Data_has_every_local_source_and_the_selected_remote_with_arrays()
    {
        var data = await DataAsync(_alice);

        Assert.That(data.Select(p => p.Key), Is.EqualTo(new[] { "user_data", "user_id", "timestamp" }));
        Assert.That(data["user_id"]!.GetValue<string>(), Is.EqualTo("alice"));
        Assert.That(data["timestamp"]!.GetValue<long>(), Is.GreaterThan(1_700_000_000));
        Assert.That(data["user_data"]!["hash"]!.GetValue<string>(), Is.EqualTo(await HashAsync(_alice)));
        var sources = data["user_data"]!["sources"]!.AsObject();
        Assert.That(sources.Select(s => s.Key), Is.EquivalentTo(new[] { "cli", "market.olares", "studio", "upload" }));
        foreach (var (id, node) in sources)
        {
            var source = node!.AsObject();
            Assert.That(source["type"]!.GetValue<string>(), Is.EqualTo(id == "market.olares" ? "remote" : "local"), id);
            Assert.That(source["app_info_latest"], Is.InstanceOf<JsonArray>(), id);
            Assert.That(source["app_state_latest"], Is.InstanceOf<JsonArray>(), id);
            Assert.That(source.ContainsKey("others"), Is.EqualTo(id == "market.olares"), id);
        }

        var others = sources["market.olares"]!["others"]!.AsObject();
        foreach (var list in new[] { "topics", "topic_lists", "recommends", "pages", "tops", "latest", "tags" })
        {
            Assert.That(others[list], Is.InstanceOf<JsonArray>(), list);
        }
    }

    [Test]
    public async Task App_info_items_carry_the_simple_info_the_client_reads()
    {
        var data = await DataAsync(_alice);
        var photos = Source(data, "market.olares")["app_info_latest"]!.AsArray()
            .Single(a => a!["app_simple_info"]!["app_name"]!.GetValue<string>() == "photos")!.AsObject();

        Assert.That(photos.Select(p => p.Key), Is.EqualTo(new[] { "type", "timestamp", "version", "app_simple_info" }));
        Assert.That(photos["type"]!.GetValue<string>(), Is.EqualTo("app-info-latest"));
        Assert.That(photos["timestamp"]!.GetValue<long>(), Is.GreaterThan(0));
        Assert.That(photos["version"]!.GetValue<string>(), Is.EqualTo("2.1.0"));
        var simple = photos["app_simple_info"]!.AsObject();
        Assert.That(simple.Select(p => p.Key), Is.EqualTo(new[]
        {
            "apiVersion", "app_description", "app_icon", "app_id", "app_name", "app_title", "app_version", "categories", "support_arch",
        }), "sorted; the 1.12.6 flags only when set");
        Assert.That(simple["apiVersion"]!.GetValue<string>(), Is.EqualTo("v2"));
        Assert.That(simple["app_id"]!.GetValue<string>(), Is.EqualTo(FakeRemoteMarket.AppIdOf("photos")));
        Assert.That(simple["app_icon"]!.GetValue<string>(), Is.EqualTo("https://icons.example/photos.png"));
        Assert.That(simple["app_title"]!["en-US"]!.GetValue<string>(), Is.EqualTo("PHOTOS"));
        Assert.That(simple["app_title"]!["zh-CN"]!.GetValue<string>(), Is.EqualTo("photos 中文"), "i18n locales merged into the title map");
        Assert.That(simple["app_description"]!["en-US"]!.GetValue<string>(), Is.EqualTo("photos does things"));
        Assert.That(simple["app_description"]!["zh-CN"]!.GetValue<string>(), Is.EqualTo("中文描述"));
        Assert.That(simple["app_version"]!.GetValue<string>(), Is.EqualTo("2.1.0"));
        Assert.That(simple["categories"]!.AsArray().Select(c => c!.GetValue<string>()), Is.EqualTo(new[] { "Productivity" }));
        Assert.That(simple["support_arch"]!.AsArray().Select(c => c!.GetValue<string>()), Is.EqualTo(new[] { "amd64", "arm64" }));
    }

    [Test]
    public async Task Local_sources_show_the_users_own_apps_and_shared_ones_never_another_users()
    {
        using var bob = _factory.CreateUserClient("bob");
        var aliceData = await DataAsync(_alice);
        var bobData = await DataAsync(bob);

        var aliceCli = Source(aliceData, "cli")["app_info_latest"]!.AsArray().Single()!;
        Assert.That(aliceCli["version"]!.GetValue<string>(), Is.EqualTo("9.0.0"), "her own upload shadows the shared app of the same name");
        Assert.That(AppNames(aliceData, "upload"), Is.Empty, "bob's upload is not hers");
        Assert.That(Source(bobData, "cli")["app_info_latest"]!.AsArray().Single()!["version"]!.GetValue<string>(), Is.EqualTo("1.0.0"));
        Assert.That(AppNames(bobData, "upload"), Is.EqualTo(new[] { "bobsapp" }));
    }

    [Test]
    public async Task States_are_listed_under_their_source_with_version_beside_status()
    {
        var data = await DataAsync(_alice);
        var state = Source(data, "market.olares")["app_state_latest"]!.AsArray().Single()!.AsObject();

        Assert.That(state.Select(p => p.Key), Is.EqualTo(new[] { "type", "version", "status" }));
        Assert.That(state["type"]!.GetValue<string>(), Is.EqualTo("app-state-latest"));
        Assert.That(state["version"]!.GetValue<string>(), Is.EqualTo("1.0.0"));
        var status = state["status"]!.AsObject();
        Assert.That(status["name"]!.GetValue<string>(), Is.EqualTo("notes"));
        Assert.That(status["rawAppName"]!.GetValue<string>(), Is.EqualTo("notes"));
        Assert.That(status["title"]!.GetValue<string>(), Is.EqualTo("notes"));
        Assert.That(status["state"]!.GetValue<string>(), Is.EqualTo("running"));
        Assert.That(status["opType"]!.GetValue<string>(), Is.EqualTo("install"));
        foreach (var time in new[] { "updateTime", "statusTime", "lastTransitionTime" })
        {
            Assert.That(status[time]!.GetValue<string>(), Is.EqualTo("2026-11-02T03:04:05Z"), time);
        }

        Assert.That(status["entranceStatuses"]!.AsArray().Single()!["state"]!.GetValue<string>(), Is.EqualTo("running"));
        Assert.That(Source(data, "upload")["app_state_latest"]!.AsArray(), Is.Empty);
    }

    [Test]
    public async Task Market_state_has_states_only_and_statesimple_adds_sparse_infos()
    {
        var state = await DataAsync(_alice, "/market/state");
        var remote = Source(state, "market.olares");
        Assert.That(remote.Select(p => p.Key), Is.EqualTo(new[] { "type", "app_state_latest" }));
        Assert.That(remote["app_state_latest"]!.AsArray(), Has.Count.EqualTo(1));
        Assert.That(state["user_data"]!["hash"]!.GetValue<string>(), Is.EqualTo(await HashAsync(_alice)));

        var simple = await DataAsync(_alice, "/market/statesimple");
        var infos = Source(simple, "market.olares")["app_info_latest"]!.AsArray();
        Assert.That(infos, Has.Count.EqualTo(2));
        var first = infos[0]!.AsObject();
        Assert.That(first.Select(p => p.Key), Is.EqualTo(new[] { "type", "timestamp", "raw_data", "raw_package", "values", "app_info", "rendered_package", "app_simple_info" }));
        Assert.That(first["app_simple_info"]!["app_name"]!.GetValue<string>(), Is.EqualTo("notes"));
        Assert.That(Source(simple, "studio").ContainsKey("app_info_latest"), Is.False, "omitted when empty");
    }

    [Test]
    public async Task Data_carries_the_hash_as_etag_and_answers_304_to_it()
    {
        var first = await _alice.GetAsync(Prefix + "/market/data");
        await first.ReadEnvelopeAsync(HttpStatusCode.OK);
        var etag = first.Headers.ETag!;
        Assert.That(etag.Tag, Is.EqualTo($"\"{await HashAsync(_alice)}\""));

        using var conditional = new HttpRequestMessage(HttpMethod.Get, Prefix + "/market/data");
        conditional.Headers.IfNoneMatch.Add(etag);
        var second = await _alice.SendAsync(conditional);
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
        Assert.That(await second.Content.ReadAsByteArrayAsync(), Is.Empty);
        Assert.That(second.Headers.ETag, Is.EqualTo(etag));

        using var stale = new HttpRequestMessage(HttpMethod.Get, Prefix + "/market/data");
        stale.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"0000\""));
        await (await _alice.SendAsync(stale)).ReadEnvelopeAsync(HttpStatusCode.OK);
    }

    [Test]
    public async Task Data_is_compressed_for_clients_that_accept_it()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Prefix + "/market/data");
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        var response = await _alice.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentEncoding, Is.EqualTo(new[] { "gzip" }));
        await using var gzip = new GZipStream(await response.Content.ReadAsStreamAsync(), CompressionMode.Decompress);
        var envelope = (await JsonNode.ParseAsync(gzip))!;
        Assert.That(envelope["message"]!.GetValue<string>(), Is.EqualTo("Market data retrieved successfully"));
    }

    [Test]
    public async Task Every_route_needs_a_user()
    {
        using var anonymous = _factory.CreateClient();
        foreach (var path in new[] { "/market/hash", "/market/data", "/market/state", "/market/statesimple", "/settings/system-status" })
        {
            var envelope = await (await anonymous.GetAsync(Prefix + path)).ReadEnvelopeAsync(HttpStatusCode.Unauthorized);
            Assert.That(envelope.Message(), Is.EqualTo("Failed to get user information"), path);
        }
    }

    [Test]
    public async Task Messages_are_the_originals()
    {
        Assert.That((await (await _alice.GetAsync(Prefix + "/market/hash")).ReadEnvelopeAsync(HttpStatusCode.OK)).Message(), Is.EqualTo("Market hash retrieved successfully"));
        Assert.That((await (await _alice.GetAsync(Prefix + "/market/data")).ReadEnvelopeAsync(HttpStatusCode.OK)).Message(), Is.EqualTo("Market data retrieved successfully"));
        Assert.That((await (await _alice.GetAsync(Prefix + "/market/state")).ReadEnvelopeAsync(HttpStatusCode.OK)).Message(), Is.EqualTo("Market state retrieved successfully"));
        Assert.That((await (await _alice.GetAsync(Prefix + "/market/statesimple")).ReadEnvelopeAsync(HttpStatusCode.OK)).Message(), Is.EqualTo("Market state retrieved successfully"));
    }
}
