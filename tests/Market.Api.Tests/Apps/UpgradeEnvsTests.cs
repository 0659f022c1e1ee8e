using System.Net;
using System.Text.Json.Nodes;
using Market.Api.Tests.Infrastructure;
using Market.Domain.Apps;
using Market.Domain.Catalog;
using Market.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Api.Tests.Apps;

/// <summary>
/// Like app-service, the simulated runtime keeps an app's env values: the web app upgrades without
/// sending envs, and only an env the new version newly requires may be asked for (422 <c>appenv</c>).
/// Played with the demo chart <c>codeforge</c>, which requires a git name and e-mail.
/// </summary>
[NonParallelizable]
public sealed class UpgradeEnvsTests
{
    private const string App = "codeforge";
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
    public async Task An_app_installed_with_its_required_envs_upgrades_without_envs_and_only_newly_required_ones_are_refused()
    {
        using var client = _factory.CreateUserClient("olga");
        var installed = await (await client.SendJsonAsync(HttpMethod.Post, $"/apps/{App}/install", AppTestKit.InstallBody(App, "4.0.2", "demo", envs:
        [
            new JsonObject { ["envName"] = "CODEFORGE_GIT_NAME", ["value"] = "Olga" },
            new JsonObject { ["envName"] = "CODEFORGE_GIT_EMAIL", ["value"] = "olga@example.org" },
        ]))).ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(installed.Message(), Is.EqualTo("App installation completed successfully"));
        await AppTestKit.WaitForAppAsync(_factory, "olga", App, a => a.State == AppStates.Running && a.InstalledVersion == "4.0.2");

        await PublishVersionAsync("4.1.0");
        var upgraded = await (await client.SendJsonAsync(HttpMethod.Put, $"/apps/{App}/upgrade", AppTestKit.InstallBody(App, "4.1.0", "demo")))
            .ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(upgraded.Message(), Is.EqualTo("App upgrade completed successfully"));
        var app = await AppTestKit.WaitForAppAsync(_factory, "olga", App, a => a.State == AppStates.Running && a.InstalledVersion == "4.1.0");
        Assert.That(app.OpType, Is.EqualTo(OpType.Upgrade));

        await PublishVersionAsync("4.2.0", new JsonObject { ["envName"] = "CODEFORGE_SSH_KEY", ["type"] = "string", ["required"] = true });
        var refused = await (await client.SendJsonAsync(HttpMethod.Put, $"/apps/{App}/upgrade", AppTestKit.InstallBody(App, "4.2.0", "demo")))
            .ReadEnvelopeAsync(HttpStatusCode.InternalServerError);
        Assert.That(refused.Message(), Does.StartWith("Upgrade failed: appservice: upgrade code=422: "));
        var backend = refused["data"]!["backend_response"]!;
        Assert.That(backend["data"]!["type"]!.GetValue<string>(), Is.EqualTo("appenv"));
        Assert.That(backend["data"]!["Data"]!["missingValues"]!.AsArray().Select(v => v!["envName"]!.GetValue<string>()), Is.EqualTo(new[] { "CODEFORGE_SSH_KEY" }));
        var after = await AppTestKit.ReadAppAsync(_factory, "olga", App);
        Assert.That((after!.State, after.InstalledVersion), Is.EqualTo((AppStates.Running, "4.1.0")), "a refused upgrade leaves the app as it was");
    }

    /// <summary>A newer version of the demo chart appears in the catalog (the same entry, a new version, optionally one more env).</summary>
    private async Task PublishVersionAsync(string version, JsonObject? extraEnv = null)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        var row = await db.CatalogApps.SingleAsync(a => a.SourceId == "demo" && a.Name == App);
        var entry = JsonNode.Parse(row.EntryJson)!.AsObject();
        entry["version"] = version;
        if (extraEnv is not null)
        {
            entry["envs"]!.AsArray().Add(extraEnv);
        }

        row.ApplyListing(new CatalogListing(row.Name, version, row.Type, entry.ToJsonString(), row.LabelsJson, row.PriceJson), row.SummaryHash, DateTime.UtcNow);
        await db.SaveChangesAsync();
    }
}
