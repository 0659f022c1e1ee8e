using System.Net;
using System.Text.Json.Nodes;
using Market.Api.Tests.Infrastructure;
using Market.Application.Common.Interfaces;
using Market.Domain.Apps;
using Market.Infrastructure.Persistence;
using Market.Testing.Waiting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Market.Api.Tests.Updates.UploadedAppKit;

namespace Market.Api.Tests.Updates;

/// <summary>
/// Issue 19 §4: before an upgrade Market records what going back needs — the exact chart the previous version was
/// installed from and its install-time envs, secret values sealed — and a rollback resubmits exactly that, even
/// from another host after a restart. The secret value reaches the runtime and no view.
/// </summary>
[NonParallelizable]
public sealed class RollbackPointTests
{
    private const string Secret = "s3cret-install-time-value";

    private MarketApiFactory _database = null!;

    [SetUp]
    public void Start() => _database = new MarketApiFactory();

    [TearDown]
    public void Stop() => _database.Dispose();

    [Test]
    public async Task A_failed_upgrade_of_an_uploaded_app_rolls_back_to_the_v1_chart_with_its_install_time_env()
    {
        using var host = _database.WithWebHostBuilder(RecordingRuntime.Install);
        var runtime = (RecordingRuntime)host.Services.GetRequiredService<IAppRuntime>();
        using var client = host.ClientFor("rhea");
        await UploadAsync(client, "lumen", "1.0.0");
        var install = await StartAndWaitAsync(client, HttpMethod.Post, "/apps/lumen/install", AppTestKit.InstallBody("lumen", "1.0.0", sync: false, envs: SecretEnv()));
        await UploadAsync(client, "lumen", "1.1.0");

        var failing = AppTestKit.InstallBody("lumen", "1.1.0", sync: false, envs: [new JsonObject { ["envName"] = "SIMULATE_FAILURE", ["value"] = "upgrade" }]);
        var upgrade = await StartAndWaitAsync(client, HttpMethod.Put, "/apps/lumen/upgrade", failing);
        Assert.That(upgrade["status"]!.GetValue<string>(), Is.EqualTo("failed"));

        var app = await AppTestKit.WaitForAppAsync(host, "rhea", "lumen", a => a.OpType == OpType.Rollback && a.State == AppState.Running);
        Assert.That(app.InstalledVersion, Is.EqualTo("1.0.0"));

        var v1 = await PackageAsync(host, "lumen", "1.0.0");
        var rollback = runtime.Submitted.First(o => o.AppName == "lumen" && o.TaskId != install.TaskIdOf() && o.TaskId != upgrade.TaskIdOf());
        Assert.That((rollback.Type, rollback.Version, rollback.Chart?.PackageId, rollback.Chart?.Sha256), Is.EqualTo((OpType.Upgrade, "1.0.0", (long?)v1.Id, v1.Sha256)));
        Assert.That(rollback.Envs.Select(e => (e.EnvName, e.Value)), Is.EqualTo(new[] { ("ADMIN_PASSWORD", Secret) }));

        // The value reached the runtime, and nothing a user or admin reads.
        var views = new List<string>();
        foreach (var id in new[] { install.TaskIdOf(), upgrade.TaskIdOf(), rollback.TaskId })
        {
            views.Add(await (await client.GetAsync($"{AppTestKit.Base}/tasks/{id}")).Content.ReadAsStringAsync());
        }

        views.Add(await (await client.GetAsync($"{AppTestKit.Base}/tasks?app=lumen")).Content.ReadAsStringAsync());
        views.Add(await (await client.GetAsync($"{AppTestKit.Base}/logs?type=ACTION_UPGRADE")).Content.ReadAsStringAsync());
        views.Add(await (await client.GetAsync($"{AppTestKit.Base}/logs")).Content.ReadAsStringAsync());
        Assert.That(views, Has.All.Not.Contain(Secret));
        Assert.That(views[2], Does.Contain("\"step\":\"finished\""), "the rollback task's timeline is among the views");
        Assert.That(await StoredTaskTextAsync(host, "lumen"), Does.Not.Contain(Secret), "the tasks' stored columns keep the value sealed");
    }

    [Test]
    public async Task The_rollback_point_survives_a_restart_and_another_host_rolls_back_with_it()
    {
        string upgradeId;
        using (var first = _database.WithWebHostBuilder(RecordingRuntime.Install))
        {
            using var client = first.ClientFor("sol");
            await UploadAsync(client, "ember", "1.0.0");
            await StartAndWaitAsync(client, HttpMethod.Post, "/apps/ember/install", AppTestKit.InstallBody("ember", "1.0.0", sync: false, envs: SecretEnv()));
            await UploadAsync(client, "ember", "1.1.0");
            upgradeId = (await StartAndWaitAsync(client, HttpMethod.Put, "/apps/ember/upgrade", AppTestKit.InstallBody("ember", "1.1.0", sync: false))).TaskIdOf();
            await AppTestKit.WaitForAppAsync(first, "sol", "ember", a => a.State == AppState.Running && a.InstalledVersion == "1.1.0");
        }

        using var second = _database.WithWebHostBuilder(RecordingRuntime.Install);
        var runtime = (RecordingRuntime)second.Services.GetRequiredService<IAppRuntime>();
        using var again = second.ClientFor("sol");
        var envelope = await (await again.SendJsonAsync(HttpMethod.Post, "/apps/ember/rollback", new JsonObject { ["sync"] = true })).ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(envelope.Message(), Is.EqualTo("App rollback completed successfully"));
        var app = await AppTestKit.WaitForAppAsync(second, "sol", "ember", a => a.OpType == OpType.Rollback && a.State == AppState.Running);
        Assert.That(app.InstalledVersion, Is.EqualTo("1.0.0"));

        var v1 = await PackageAsync(second, "ember", "1.0.0");
        var rollback = runtime.Submitted.First(o => o.AppName == "ember");
        Assert.That((rollback.Version, rollback.Chart?.PackageId, rollback.Chart?.Sha256), Is.EqualTo(("1.0.0", (long?)v1.Id, v1.Sha256)));
        Assert.That(rollback.Envs.Single(e => e.EnvName == "ADMIN_PASSWORD").Value, Is.EqualTo(Secret));
        Assert.That(upgradeId, Is.Not.EqualTo(rollback.TaskId));
    }

    [Test]
    public async Task A_rollback_to_a_chart_that_is_gone_is_refused_naming_the_chart()
    {
        using var client = _database.CreateUserClient("tara");
        await UploadAsync(client, "fable", "1.0.0");
        await StartAndWaitAsync(client, HttpMethod.Post, "/apps/fable/install", AppTestKit.InstallBody("fable", "1.0.0", sync: false));
        await UploadAsync(client, "fable", "1.1.0");
        await StartAndWaitAsync(client, HttpMethod.Put, "/apps/fable/upgrade", AppTestKit.InstallBody("fable", "1.1.0", sync: false));
        await AppTestKit.WaitForAppAsync(_database, "tara", "fable", a => a.State == AppState.Running && a.InstalledVersion == "1.1.0");

        await DeletePackageAsync("fable", "1.0.0");

        var refused = await (await client.SendJsonAsync(HttpMethod.Post, "/apps/fable/rollback", new JsonObject())).ReadEnvelopeAsync(HttpStatusCode.Conflict);
        Assert.That(refused.Message(), Is.EqualTo("App fable cannot be rolled back to 1.0.0: the chart fable-1.0.0.tgz it ran is no longer available"));
        Assert.That((await AppTestKit.ReadAppAsync(_database, "tara", "fable"))!.InstalledVersion, Is.EqualTo("1.1.0"));
    }

    [Test]
    public async Task A_failed_upgrade_whose_previous_chart_is_gone_says_why_it_was_not_rolled_back()
    {
        using var client = _database.CreateUserClient("ulla");
        await UploadAsync(client, "sonnet", "1.0.0");
        await StartAndWaitAsync(client, HttpMethod.Post, "/apps/sonnet/install", AppTestKit.InstallBody("sonnet", "1.0.0", sync: false));
        await UploadAsync(client, "sonnet", "1.1.0");
        await DeletePackageAsync("sonnet", "1.0.0");

        var failing = AppTestKit.InstallBody("sonnet", "1.1.0", sync: false, envs: [new JsonObject { ["envName"] = "SIMULATE_FAILURE", ["value"] = "upgrade" }]);
        var upgrade = await StartAndWaitAsync(client, HttpMethod.Put, "/apps/sonnet/upgrade", failing);
        Assert.That(upgrade["status"]!.GetValue<string>(), Is.EqualTo("failed"));

        const string Refused = "rollback refused: App sonnet cannot be rolled back to 1.0.0: the chart sonnet-1.0.0.tgz it ran is no longer available";
        await Eventually.HoldsAsync(
            async () => (await TaskAsync(client, upgrade.TaskIdOf()))["timeline"]!.AsArray().Any(s => s!["message"]?.GetValue<string>() == Refused),
            "the upgrade's timeline to say the rollback was refused");
        var tasks = (await (await client.GetAsync($"{AppTestKit.Base}/tasks?app=sonnet")).ReadEnvelopeAsync(HttpStatusCode.OK))["data"]!["tasks"]!.AsArray();
        Assert.That(tasks.Select(t => t!["type"]!.GetValue<string>()), Does.Not.Contain("rollback"));
    }

    private async Task DeletePackageAsync(string name, string version)
    {
        await using var scope = _database.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        await db.AppPackages.Where(p => p.Name == name && p.Version == version).ExecuteDeleteAsync();
    }

    private static JsonArray SecretEnv() => [new JsonObject { ["envName"] = "ADMIN_PASSWORD", ["value"] = Secret }];

    private static async Task<Domain.Packages.AppPackage> PackageAsync(WebApplicationFactory<Program> host, string name, string version)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        return await db.AppPackages.AsNoTracking().SingleAsync(p => p.Name == name && p.Version == version);
    }

    private static async Task<string> StoredTaskTextAsync(WebApplicationFactory<Program> host, string app)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        var tasks = await db.AppTasks.AsNoTracking().Where(t => t.AppName == app).ToListAsync();
        return string.Join("\n", tasks.Select(t => string.Join("|", t.RequestJson, t.ResultJson, t.Error, t.SealedEnvs, t.RollbackEnvsJson, t.RollbackSealedEnvs)));
    }

}

internal static class TaskViews
{
    public static string TaskIdOf(this JsonObject task) => task["task_id"]!.GetValue<string>();

    /// <summary>A client of a derived host (the gateway's X-Bfl-User header), as <c>CreateUserClient</c> gives one of the base factory.</summary>
    public static HttpClient ClientFor(this WebApplicationFactory<Program> host, string user)
    {
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Add("X-Bfl-User", user);
        client.DefaultRequestHeaders.Accept.Add(new System.Net.Http.Headers.MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }
}
