using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Market.Api.Tests.Infrastructure;
using static Market.Api.Tests.Infrastructure.CatalogTestKit;

namespace Market.Api.Tests.Catalog;

/// <summary>client-contract §4 item 4: <c>POST /apps</c>, and <c>POST /apps/version-history</c>.</summary>
public sealed class AppsInfoContractTests
{
    private FakeRemoteMarket _remote = null!;
    private MarketApiFactory _factory = null!;
    private HttpClient _alice = null!;

    [OneTimeSetUp]
    public async Task SetUp()
    {
        _remote = await FakeRemoteMarket.StartAsync();
        _remote.Put(FakeRemoteMarket.App("notes", "1.0.0"));
        var paid = FakeRemoteMarket.App("photos", "2.1.0");
        paid["price"] = new JsonObject
        {
            ["developer"] = "did:key:dev",
            ["paid"] = new JsonObject { ["product_id"] = "photos-pro", ["price"] = new JsonArray(new JsonObject { ["chain"] = "optimism", ["token_symbol"] = "USDC", ["product_price"] = 500 }) },
            ["products"] = new JsonArray(),
        };
        _remote.Put(paid);
        _factory = new MarketApiFactory(new Dictionary<string, string?>
        {
            ["Market:Sources:OfficialBaseUrl"] = _remote.BaseUrl,
            ["Market:Sources:AllowPrivateNetworks"] = "true",
        });
        _alice = _factory.CreateUserClient("alice");
        await SyncAsync(_factory.Services, "market.olares");
        await AddLocalAppAsync(_factory.Services, "upload", "alice", MarketDataContractTests.LocalEntry("mytool", "0.2.0"));
        await AddLocalAppAsync(_factory.Services, "upload", "bob", MarketDataContractTests.LocalEntry("bobsapp", "0.1.0"));
    }

    [OneTimeTearDown]
    public async Task TearDown()
    {
        _alice.Dispose();
        await _factory.DisposeAsync();
        await _remote.DisposeAsync();
    }

    [Test]
    public async Task Found_apps_come_in_request_order_and_the_rest_in_not_found()
    {
        var data = await PostAppsAsync(
            ("photos", "market.olares"), ("ghost", "market.olares"), ("notes", "market.olares"),
            ("mytool", "upload"), ("bobsapp", "upload"), ("notes", "nowhere"));

        Assert.That(data.Select(p => p.Key), Is.EqualTo(new[] { "apps", "not_found", "total_count" }));
        var names = data["apps"]!.AsArray().Select(a => a!["app_simple_info"]!["app_name"]!.GetValue<string>());
        Assert.That(names, Is.EqualTo(new[] { "photos", "notes", "mytool" }));
        Assert.That(data["total_count"]!.GetValue<int>(), Is.EqualTo(3));
        var missing = data["not_found"]!.AsArray().Select(n => $"{n!["appid"]}@{n["sourceDataName"]}");
        Assert.That(missing, Is.EqualTo(new[] { "ghost@market.olares", "bobsapp@upload", "notes@nowhere" }), "another user's upload is not found");
    }

    [Test]
    public async Task An_item_has_the_entry_simple_info_and_identity_the_pages_read()
    {
        var item = (await PostAppsAsync(("photos", "market.olares")))["apps"]!.AsArray().Single()!.AsObject();

        Assert.That(item.Select(p => p.Key), Is.EqualTo(new[]
        {
            "api_version", "app_info", "app_simple_info", "manifest_type", "manifest_version", "raw_data", "timestamp", "type", "version",
        }));
        Assert.That(item["type"]!.GetValue<string>(), Is.EqualTo("app-info-latest"));
        Assert.That(item["version"]!.GetValue<string>(), Is.EqualTo("2.1.0"));
        Assert.That(item["api_version"]!.GetValue<string>(), Is.EqualTo("v2"));
        Assert.That(item["manifest_type"]!.GetValue<string>(), Is.EqualTo("app"));
        Assert.That(item["timestamp"]!.GetValue<long>(), Is.GreaterThan(0));

        var simple = item["app_simple_info"]!.AsObject();
        Assert.That(simple.Select(p => p.Key).Take(8), Is.EqualTo(new[]
        {
            "app_id", "app_name", "app_icon", "app_description", "app_version", "app_title", "categories", "support_arch",
        }));

        var appInfo = item["app_info"]!.AsObject();
        Assert.That(appInfo["price"]!["paid"]!["product_id"]!.GetValue<string>(), Is.EqualTo("photos-pro"), "a price switches the paid flow on");
        var entry = appInfo["app_entry"]!.AsObject();
        var id = FakeRemoteMarket.AppIdOf("photos");
        Assert.That(entry.Select(p => p.Key).Take(6), Is.EqualTo(new[] { "id", "name", "cfgType", "chartName", "icon", "description" }));
        Assert.That(entry["id"]!.GetValue<string>(), Is.EqualTo(id));
        Assert.That(entry["appID"]!.GetValue<string>(), Is.EqualTo(id));
        Assert.That(entry["name"]!.GetValue<string>(), Is.EqualTo("photos"));
        Assert.That(entry["title"]!["en-US"]!.GetValue<string>(), Is.EqualTo("PHOTOS"));
        Assert.That(entry["fullDescription"]!["zh-CN"]!.GetValue<string>(), Is.EqualTo("关于 photos"));
        Assert.That(entry["supportArch"]!.AsArray(), Has.Count.EqualTo(2));
        Assert.That(entry["requiredCPU"]!.GetValue<string>(), Is.EqualTo("0.5"));
        Assert.That(entry["options"]!["dependencies"]![0]!["type"]!.GetValue<string>(), Is.EqualTo("system"));
        Assert.That(entry["permission"]!["appData"]!.GetValue<bool>(), Is.True);
        Assert.That(entry["versionHistory"]!.AsArray().Single()!["version"]!.GetValue<string>(), Is.EqualTo("2.1.0"));
        Assert.That(entry["i18n"]!["zh-CN"]!["metadata"]!["title"]!.GetValue<string>(), Is.EqualTo("photos 中文"));
        Assert.That(entry["entrances"]![0]!["url"]!.GetValue<string>(), Is.EqualTo($"{id}.alice.olares.local"), "entrance URL on the caller's zone");
        Assert.That(entry.ContainsKey("price"), Is.False);
        foreach (var key in new[] { "categories", "promoteImage", "locale", "subCharts", "license", "legal", "screenshots", "tags" })
        {
            Assert.That(entry[key], Is.InstanceOf<JsonArray>(), key);
        }
    }

    [Test]
    public async Task Several_entrances_get_numbered_hosts()
    {
        var entry = (await PostAppsAsync(("mytool", "upload")))["apps"]![0]!["app_info"]!["app_entry"]!;
        var id = FakeRemoteMarket.AppIdOf("mytool");
        Assert.That(entry["entrances"]!.AsArray().Select(e => e!["url"]!.GetValue<string>()),
            Is.EqualTo(new[] { $"{id}0.alice.olares.local", $"{id}1.alice.olares.local" }));
    }

    [Test]
    public async Task Bad_requests_are_refused_with_the_original_messages()
    {
        var empty = await _alice.PostAsJsonAsync(Prefix + "/apps", new { apps = Array.Empty<object>() });
        Assert.That((await empty.ReadEnvelopeAsync(HttpStatusCode.BadRequest)).Message(), Is.EqualTo("Apps array cannot be empty"));

        var malformed = await _alice.PostAsync(Prefix + "/apps", new StringContent("{\"apps\": [", Encoding.UTF8, "application/json"));
        Assert.That((await malformed.ReadEnvelopeAsync(HttpStatusCode.BadRequest)).Message(), Is.EqualTo("Invalid JSON format"));

        var tooMany = await _alice.PostAsJsonAsync(Prefix + "/apps", new { apps = Enumerable.Range(0, 201).Select(i => new { appid = $"a{i}", sourceDataName = "market.olares" }) });
        Assert.That((await tooMany.ReadEnvelopeAsync(HttpStatusCode.BadRequest)).Message(), Is.EqualTo("Too many apps requested: at most 200 per request"));

        var atLimit = await _alice.PostAsJsonAsync(Prefix + "/apps", new { apps = Enumerable.Range(0, 200).Select(i => new { appid = $"a{i}", sourceDataName = "market.olares" }) });
        Assert.That((await atLimit.ReadEnvelopeAsync(HttpStatusCode.OK))["data"]!["not_found"]!.AsArray(), Has.Count.EqualTo(200));
    }

    [Test]
    public async Task Version_history_comes_from_the_catalog_with_the_doubled_data()
    {
        var ok = await _alice.PostAsJsonAsync(Prefix + "/apps/version-history", new { appName = "notes" });
        var envelope = await ok.ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(envelope.Message(), Is.EqualTo("Version history retrieved successfully"));
        var item = envelope["data"]!["data"]!.AsArray().Single()!.AsObject();
        Assert.That(item.Select(p => p.Key), Is.EqualTo(new[] { "appName", "version", "versionName", "mergedAt", "upgradeDescription" }));
        Assert.That(item["mergedAt"]!.GetValue<string>(), Is.EqualTo("2026-01-02T03:04:05Z"));
        Assert.That(item["upgradeDescription"]!.GetValue<string>(), Is.EqualTo("first release"));

        var none = await _alice.PostAsJsonAsync(Prefix + "/apps/version-history", new { appName = "mytool" });
        Assert.That((await none.ReadEnvelopeAsync(HttpStatusCode.OK))["data"]!["data"], Is.Null, "no history: null, as the original");

        var empty = await _alice.PostAsJsonAsync(Prefix + "/apps/version-history", new { appName = "" });
        Assert.That((await empty.ReadEnvelopeAsync(HttpStatusCode.BadRequest)).Message(), Is.EqualTo("appName cannot be empty"));

        var unknown = await _alice.PostAsJsonAsync(Prefix + "/apps/version-history", new { appName = "ghost" });
        Assert.That((await unknown.ReadEnvelopeAsync(HttpStatusCode.NotFound)).Message(), Is.EqualTo("Failed to get version history"));

        var malformed = await _alice.PostAsync(Prefix + "/apps/version-history", new StringContent("nope", Encoding.UTF8, "application/json"));
        Assert.That((await malformed.ReadEnvelopeAsync(HttpStatusCode.BadRequest)).Message(), Is.EqualTo("Invalid request body"));
    }

    private async Task<JsonObject> PostAppsAsync(params (string App, string Source)[] apps)
    {
        var response = await _alice.PostAsJsonAsync(Prefix + "/apps", new { apps = apps.Select(a => new { appid = a.App, sourceDataName = a.Source }) });
        var envelope = await response.ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(envelope.Message(), Is.EqualTo("Apps information retrieved successfully"));
        return envelope["data"]!.AsObject();
    }
}
