using System.Net;
using System.Text.Json.Nodes;
using Market.Api.Tests.Infrastructure;
using Market.Application.Common.Interfaces;
using Market.Infrastructure.Packages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Market.Api.Tests.Packages;

/// <summary>The sample charts under samples/charts, imported into the local source <c>demo</c> through the upload use case.</summary>
public sealed class DemoCatalogTests
{
    private MarketApiFactory _factory = null!;

    [OneTimeSetUp]
    public void Start()
    {
        _factory = new MarketApiFactory(new Dictionary<string, string?> { ["Market:Demo:Enabled"] = "true" });
        _factory.CreateClient().Dispose();
    }

    [OneTimeTearDown]
    public void Stop() => _factory.Dispose();

    [Test]
    public async Task Every_sample_is_imported_for_everybody()
    {
        var rows = await _factory.CatalogRowsAsync("demo");

        Assert.That(rows.Select(r => r.Name), Is.EquivalentTo(new[]
        {
            "codeforge", "emberkv", "feedpulse", "glancedash", "hearthllm", "inkpad", "lumigallery", "paperlens", "reelhouse", "wikiroot",
        }));
        Assert.That(rows.Select(r => r.Owner).Distinct(), Is.EqualTo(new[] { string.Empty }), "demo apps belong to everybody");
        Assert.That(rows.SelectMany(r => r.Entry()["categories"]!.AsArray()).Select(c => c!.GetValue<string>()).Distinct().Count(), Is.GreaterThanOrEqualTo(5));
        foreach (var row in rows)
        {
            var dependencies = row.Entry()["options"]!["dependencies"]!.AsArray();
            Assert.That(dependencies.Any(d => d!["type"]!.GetValue<string>() == "system" && d["name"]!.GetValue<string>() == "olares"), Is.True, row.Name);
        }
    }

    [Test]
    public async Task Samples_cover_envs_several_entrances_middleware_and_history()
    {
        var rows = (await _factory.CatalogRowsAsync("demo")).ToDictionary(r => r.Name);

        var envs = rows["codeforge"].Entry()["envs"]!.AsArray();
        Assert.That(envs.Count(e => e!["required"]?.GetValue<bool>() == true), Is.GreaterThanOrEqualTo(1));
        Assert.That(rows["reelhouse"].Entry()["entrances"]!.AsArray(), Has.Count.EqualTo(3));
        Assert.That(rows["emberkv"].Type, Is.EqualTo("middleware"));
        Assert.That(rows["emberkv"].Entry()["cfgType"]!.GetValue<string>(), Is.EqualTo("middleware"));
        Assert.That(rows["feedpulse"].Version, Is.EqualTo("1.1.0"));
        Assert.That(rows["feedpulse"].Entry()["versionHistory"]!.AsArray().Select(v => v!["version"]!.GetValue<string>()), Is.EqualTo(new[] { "1.1.0", "1.0.0" }));
        Assert.That(rows["inkpad"].Entry()["title"]!["zh-CN"]!.GetValue<string>(), Is.EqualTo("Inkpad 笔记"));
        Assert.That(rows["paperlens"].PriceJson, Does.Contain("\"product_id\":\"paperlens-pro\""), "the paid sample's price ships beside its chart");
        Assert.That(rows.Values.Where(r => r.PriceJson is not null).Select(r => r.Name), Is.EqualTo(new[] { "paperlens" }));
    }

    [Test]
    public async Task The_sample_with_two_compute_modes_asks_which_one_before_it_installs()
    {
        using var client = _factory.CreateUserClient("nina");
        var modes = (await _factory.CatalogRowsAsync("demo")).Single(r => r.Name == "hearthllm").Entry()["accelerator"]!.AsArray();
        Assert.That(modes.Select(m => m!["mode"]!.GetValue<string>()), Is.EqualTo(new[] { "cpu", "nvidia" }));
        var body = AppTestKit.InstallBody("hearthllm", "0.4.0", source: "demo");

        var asked = await (await client.SendJsonAsync(HttpMethod.Post, "/apps/hearthllm/install", body)).ReadEnvelopeAsync(HttpStatusCode.UnprocessableEntity);
        Assert.That(asked["data"]!["backend_response"]!["data"]!["type"]!.GetValue<string>(), Is.EqualTo("computeModeSelect"));

        body["selectedGpuType"] = "cpu";
        await (await client.SendJsonAsync(HttpMethod.Post, "/apps/hearthllm/install", body)).ReadEnvelopeAsync(HttpStatusCode.OK);
    }

    [Test]
    public async Task Any_user_downloads_a_demo_package_but_nobody_deletes_it()
    {
        using var bob = _factory.CreateUserClient("bob");

        var response = await bob.GetAsync("/app-store/api/v2/apps/reelhouse/package?source=demo");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.GetValues("Content-Disposition").Single(), Is.EqualTo("attachment; filename=\"reelhouse-3.2.1.tgz\""));

        var envelope = await (await bob.DeleteLocalAppAsync("""{"app_name":"reelhouse","app_version":"3.2.1","source":"demo"}""")).ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(envelope["data"]!["deleted_rows"]!.GetValue<int>(), Is.Zero, "the demo packages belong to nobody, so bob deletes nothing");
    }

    [Test]
    public async Task Importing_again_changes_nothing_and_tells_nobody()
    {
        var packagesBefore = (await _factory.PackageRowsAsync("demo")).Select(p => (p.Name, p.Version, p.Sha256, p.CreatedAt)).ToList();
        var catalogBefore = (await _factory.CatalogRowsAsync("demo")).Select(r => (r.Name, r.UpdatedAt, r.EntryJson)).ToList();
        using var events = new EventRecorder(_factory);

        var importer = _factory.Services.GetRequiredService<DemoChartsImporter>();
        await importer.ImportAsync(CancellationToken.None);

        Assert.That((await _factory.PackageRowsAsync("demo")).Select(p => (p.Name, p.Version, p.Sha256, p.CreatedAt)), Is.EqualTo(packagesBefore));
        Assert.That((await _factory.CatalogRowsAsync("demo")).Select(r => (r.Name, r.UpdatedAt, r.EntryJson)), Is.EqualTo(catalogBefore));
        Assert.That(packagesBefore, Has.Count.EqualTo(11), "ten apps, one of them in two versions");
        // Events travel through the pub/sub channel in order: once a marker arrives, an import event would have too.
        await _factory.Services.GetRequiredService<IMarketEventBus>().PublishAsync(
            new MarketEvent(string.Empty, MarketEvent.MarketSystemPoint, new JsonObject { ["point"] = "test_marker" }));
        await events.WaitForPointAsync("test_marker");
        Assert.That(events.Events.Select(e => e.Payload["point"]!.GetValue<string>()), Is.EqualTo(new[] { "test_marker" }));
    }
}
