using System.Net;
using System.Text.Json.Nodes;
using Market.Api.Tests.Infrastructure;
using static Market.Api.Tests.Infrastructure.CatalogTestKit;

namespace Market.Api.Tests.Catalog;

/// <summary>
/// Issue 16, the catalog scoped to the cluster's Olares version (olares-current §1, §2): <c>OLARES_VERSION</c> as the
/// deployment sets it (else <c>Market:System:Version</c>, default 1.12.7) decides which apps a source's catalog
/// shows, why the others are held back, and which installs are refused.
/// </summary>
public sealed class OlaresVersionScopeTests
{
    private const string Sources = Prefix + "/settings/market-source";

    private FakeRemoteMarket _remote = null!;

    [SetUp]
    public async Task SetUp()
    {
        // A v2 source: "modern" requires 1.12.6 through its manifest dependency, "listed" only through its
        // v2 listing's olares_version_constraint, "classic" runs anywhere since 1.10.
        _remote = await FakeRemoteMarket.StartAsync();
        _remote.SpeaksV2 = true;
        _remote.Put(FakeRemoteMarket.App("modern", "2.0.0", olares: ">=1.12.6-0"));
        _remote.Put(FakeRemoteMarket.App("listed", "1.0.0"));
        _remote.ListingConstraints["listed"] = ">=1.12.6-0";
        _remote.Put(FakeRemoteMarket.App("classic", "1.0.0"));
    }

    [TearDown]
    public async Task TearDown() => await _remote.DisposeAsync();

    [Test]
    public async Task On_1_12_5_apps_requiring_1_12_6_are_held_back_with_their_reason_and_refused_at_install()
    {
        await using var factory = Factory(("OLARES_VERSION", "1.12.5"));
        using var admin = factory.CreateUserClient("admin");
        using var alice = factory.CreateUserClient("alice");
        await SyncNowAsync(admin);

        Assert.That(AppNames(await DataAsync(alice), "market.olares"), Is.EqualTo(new[] { "classic" }));
        var health = (await (await alice.GetAsync(Sources)).ReadEnvelopeAsync(HttpStatusCode.OK))["data"]!.AsArray()
            .Single(s => s!["id"]!.GetValue<string>() == "market.olares")!["health"]!;
        var heldBack = health["held_back"]!.AsArray().Select(h => h!.AsObject()).ToDictionary(h => h["name"]!.GetValue<string>());
        Assert.That(heldBack.Keys, Is.EquivalentTo(new[] { "modern", "listed" }), "held back, not silently dropped");
        foreach (var app in heldBack.Values)
        {
            Assert.That(app["reason"]!.GetValue<string>(), Is.EqualTo("not_for_this_olares_version"));
            Assert.That(app["required_version"]!.GetValue<string>(), Is.EqualTo(">=1.12.6-0"));
        }

        var status = await (await alice.GetAsync(Prefix + "/settings/system-status")).ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(status["data"]!["terminus_version"]!["version"]!.GetValue<string>(), Is.EqualTo("1.12.5"), "the version the catalog is scoped to");

        foreach (var name in new[] { "modern", "listed" })
        {
            var refused = await (await alice.SendJsonAsync(HttpMethod.Post, $"/apps/{name}/install", AppTestKit.InstallBody(name, name == "modern" ? "2.0.0" : "1.0.0", "market.olares")))
                .ReadEnvelopeAsync((HttpStatusCode)422);
            Assert.That(refused.Message(), Is.EqualTo($"{name} requires Olares >=1.12.6-0; this cluster runs Olares 1.12.5"));
            Assert.That(refused["code"]!.GetValue<string>(), Is.EqualTo("olares_version"));
            Assert.That(refused["data"]!["required_version"]!.GetValue<string>(), Is.EqualTo(">=1.12.6-0"));
        }

        var classic = await (await alice.SendJsonAsync(HttpMethod.Post, "/apps/classic/install", AppTestKit.InstallBody("classic", "1.0.0", "market.olares", sync: false)))
            .ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(classic.TaskId(), Is.Not.Empty, "an app this version runs still installs");
    }

    [Test]
    public async Task On_the_default_1_12_7_the_same_apps_are_listed_and_install()
    {
        await using var factory = Factory();
        using var admin = factory.CreateUserClient("admin");
        using var alice = factory.CreateUserClient("alice");
        await SyncNowAsync(admin);

        Assert.That(AppNames(await DataAsync(alice), "market.olares"), Is.EquivalentTo(new[] { "classic", "modern", "listed" }));
        var status = await (await alice.GetAsync(Prefix + "/settings/system-status")).ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(status["data"]!["terminus_version"]!["version"]!.GetValue<string>(), Is.EqualTo("1.12.7"));

        var installed = await (await alice.SendJsonAsync(HttpMethod.Post, "/apps/modern/install", AppTestKit.InstallBody("modern", "2.0.0", "market.olares", sync: false)))
            .ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(installed.TaskId(), Is.Not.Empty);
        var task = await alice.WaitForTaskAsync(installed.TaskId());
        Assert.That(task["status"]!.GetValue<string>(), Is.EqualTo("completed"), task.ToJsonString());
    }

    [Test]
    public async Task Market_System_Version_names_the_cluster_when_OLARES_VERSION_is_not_set()
    {
        await using var factory = Factory(("Market:System:Version", "1.12.5"));
        using var admin = factory.CreateUserClient("admin");
        using var alice = factory.CreateUserClient("alice");
        await SyncNowAsync(admin);

        Assert.That(AppNames(await DataAsync(alice), "market.olares"), Is.EqualTo(new[] { "classic" }));
        await (await alice.SendJsonAsync(HttpMethod.Post, "/apps/modern/install", AppTestKit.InstallBody("modern", "2.0.0", "market.olares")))
            .ReadEnvelopeAsync((HttpStatusCode)422);
    }

    [Test]
    public async Task A_v1_source_is_scoped_by_its_entries_olares_dependency()
    {
        _remote.SpeaksV2 = false;
        await using var factory = Factory(("OLARES_VERSION", "1.12.5"));
        using var admin = factory.CreateUserClient("admin");
        using var alice = factory.CreateUserClient("alice");
        await SyncNowAsync(admin);

        Assert.That(AppNames(await DataAsync(alice), "market.olares"), Is.EquivalentTo(new[] { "classic", "listed" }),
            "a v1 source has no listing constraint; modern's manifest dependency still holds it back");
    }

    private MarketApiFactory Factory(params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Market:Sources:OfficialBaseUrl"] = _remote.BaseUrl,
            ["Market:Sources:AllowPrivateNetworks"] = "true",
            ["Market:Sources:RetryCount"] = "0",
            ["Market:Demo:Enabled"] = "false",
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return new MarketApiFactory(settings);
    }

    private static async Task SyncNowAsync(HttpClient admin)
    {
        var result = (await (await admin.PostAsync($"{Sources}/market.olares/sync", null)).ReadEnvelopeAsync(HttpStatusCode.OK))["data"]!;
        Assert.That(result["outcome"]!.GetValue<string>(), Is.Not.EqualTo("failed"), result.ToJsonString());
    }
}
