using System.Net;
using System.Text.Json.Nodes;
using Market.Api.Tests.Infrastructure;
using Market.Domain.Apps;
using Market.Testing.Charts;
using static Market.Api.Tests.Infrastructure.CatalogTestKit;

namespace Market.Api.Tests.Apps;

/// <summary>
/// Issue 20 (ADR 0021): any version an app's version history offers installs, read from that version's own chart;
/// an older one can then be upgraded to the newest. A remote source's older chart is fetched from the remote by name.
/// </summary>
public sealed class OlderVersionInstallTests
{
    private FakeRemoteMarket _remote = null!;
    private MarketApiFactory _factory = null!;

    [SetUp]
    public async Task SetUp()
    {
        _remote = await FakeRemoteMarket.StartAsync();
        var app = FakeRemoteMarket.App("quillnote", "1.4.2");
        app["versionHistory"] = new JsonArray(
            History("1.4.2"),
            History("1.3.0"),
            History("1.2.0")); // offered, but the source has no chart for it
        _remote.Put(app);
        _remote.ChartFiles["quillnote-1.3.0.tgz"] = ChartArchiveBuilder.Valid("quillnote", "1.3.0").Build();
        _factory = new MarketApiFactory(new Dictionary<string, string?>
        {
            ["Market:Sources:OfficialBaseUrl"] = _remote.BaseUrl,
            ["Market:Sources:AllowPrivateNetworks"] = "true",
            ["Market:Sources:RetryCount"] = "0",
            ["Market:Demo:Enabled"] = "true",
        });
        using var admin = _factory.CreateUserClient("admin");
        var synced = (await (await admin.PostAsync($"{Prefix}/settings/market-source/market.olares/sync", null)).ReadEnvelopeAsync(HttpStatusCode.OK))["data"]!;
        Assert.That(synced["outcome"]!.GetValue<string>(), Is.Not.EqualTo("failed"), synced.ToJsonString());
    }

    [TearDown]
    public async Task TearDown()
    {
        _factory.Dispose();
        await _remote.DisposeAsync();
    }

    [Test]
    public async Task An_older_remote_version_installs_from_its_own_chart_and_upgrades_to_the_newest()
    {
        using var alice = _factory.CreateUserClient("alice");

        await InstallAsync(alice, "quillnote", "1.3.0", "market.olares");
        Assert.That(_remote.ChartRequests, Does.Contain("v1 quillnote quillnote-1.3.0.tgz"), "the older chart is asked for by its file name");
        Assert.That((await AppTestKit.ReadAppAsync(_factory, "alice", "quillnote"))!.InstalledVersion, Is.EqualTo("1.3.0"));

        await StartAndCompleteAsync(alice, HttpMethod.Put, "/apps/quillnote/upgrade", AppTestKit.InstallBody("quillnote", "1.4.2", "market.olares", sync: false));
        var upgraded = await AppTestKit.WaitForAppAsync(_factory, "alice", "quillnote", a => a.InstalledVersion == "1.4.2" && a.State == AppState.Running);
        Assert.That(upgraded.InstalledVersion, Is.EqualTo("1.4.2"));
    }

    [Test]
    public async Task A_version_the_history_does_not_offer_or_the_source_cannot_serve_is_not_found()
    {
        using var alice = _factory.CreateUserClient("alice");

        var unknown = await (await alice.SendJsonAsync(HttpMethod.Post, "/apps/quillnote/install", AppTestKit.InstallBody("quillnote", "0.9.0", "market.olares")))
            .ReadEnvelopeAsync(HttpStatusCode.NotFound);
        Assert.That(unknown.Message(), Is.EqualTo("App not found"));
        Assert.That(_remote.ChartRequests, Is.Empty, "a version outside the history is refused without asking the source");

        var missing = await (await alice.SendJsonAsync(HttpMethod.Post, "/apps/quillnote/install", AppTestKit.InstallBody("quillnote", "1.2.0", "market.olares")))
            .ReadEnvelopeAsync(HttpStatusCode.NotFound);
        Assert.That(missing.Message(), Is.EqualTo("App not found"));
        Assert.That(await AppTestKit.ReadAppAsync(_factory, "alice", "quillnote"), Is.Null, "nothing was started");
    }

    [Test]
    public async Task The_demo_installs_feedpulse_1_0_0_and_upgrades_it_to_1_1_0()
    {
        using var bob = _factory.CreateUserClient("bob");

        await InstallAsync(bob, "feedpulse", "1.0.0", "demo");
        var installed = await AppTestKit.WaitForAppAsync(_factory, "bob", "feedpulse", a => a.State == AppState.Running);
        Assert.That(installed.InstalledVersion, Is.EqualTo("1.0.0"));

        await StartAndCompleteAsync(bob, HttpMethod.Put, "/apps/feedpulse/upgrade", AppTestKit.InstallBody("feedpulse", "1.1.0", "demo", sync: false));
        var upgraded = await AppTestKit.WaitForAppAsync(_factory, "bob", "feedpulse", a => a.InstalledVersion == "1.1.0" && a.State == AppState.Running);
        Assert.That(upgraded.InstalledVersion, Is.EqualTo("1.1.0"));
    }

    private static Task InstallAsync(HttpClient client, string name, string version, string source) =>
        StartAndCompleteAsync(client, HttpMethod.Post, $"/apps/{name}/install", AppTestKit.InstallBody(name, version, source, sync: false));

    private static async Task StartAndCompleteAsync(HttpClient client, HttpMethod method, string path, JsonObject body)
    {
        var started = await (await client.SendJsonAsync(method, path, body)).ReadEnvelopeAsync(HttpStatusCode.OK);
        var task = await client.WaitForTaskAsync(started.TaskId());
        Assert.That(task["status"]!.GetValue<string>(), Is.EqualTo("completed"), task.ToJsonString());
    }

    private static JsonObject History(string version) => new()
    {
        ["appName"] = "quillnote", ["version"] = version, ["versionName"] = version,
        ["mergedAt"] = "2026-01-02T03:04:05Z", ["upgradeDescription"] = "release " + version,
    };
}
