using System.Net;
using System.Text.Json.Nodes;
using Market.Api.Tests.Infrastructure;
using Market.Domain.Apps;
using Market.Infrastructure.Persistence;
using Market.Testing.Seeds;
using Market.Testing.Waiting;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Api.Tests.Apps;

/// <summary>
/// Olares 1.12.7 cancels upgrades and resumes (olares-current §3), with the 1.12.6 body <c>{app_name, source, version}</c>.
/// Slow simulated steps let the cancel land while the operation runs. Each test uses its own user.
/// </summary>
[NonParallelizable]
public sealed class CancelUpgradeAndResumeTests
{
    private MarketApiFactory _factory = null!;

    [OneTimeSetUp]
    public void Start() => _factory = new MarketApiFactory(new Dictionary<string, string?> { ["Market:Runtime:Simulated:StepDelayMs"] = "2000" });

    [OneTimeTearDown]
    public void Stop() => _factory.Dispose();

    [Test]
    public async Task Cancel_during_an_upgrade_leaves_the_app_stopped_on_the_previous_version()
    {
        using var client = await AppAtAsync("cora", "ledger", AppStates.Running);
        using var recorder = new EventRecorder(_factory.Services);
        await AppTestKit.AddCatalogAppAsync(_factory, "ledger", version: "2.0.0");
        var upgrade = await (await client.SendJsonAsync(HttpMethod.Put, "/apps/ledger/upgrade", AppTestKit.InstallBody("ledger", "2.0.0", sync: false))).ReadEnvelopeAsync(HttpStatusCode.OK);
        await AppTestKit.WaitForAppAsync(_factory, "cora", "ledger", a => a.State == AppStates.Upgrading);

        var cancel = await (await client.SendJsonAsync(HttpMethod.Delete, "/apps/ledger/install", CancelBody("ledger", "2.0.0"))).ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(cancel.Message(), Is.EqualTo("App installation cancellation started successfully"));

        Assert.That((await client.WaitForTaskAsync(cancel.TaskId()))["status"]!.GetValue<string>(), Is.EqualTo("completed"));
        Assert.That((await client.WaitForTaskAsync(upgrade.TaskId()))["status"]!.GetValue<string>(), Is.EqualTo("canceled"));
        var state = await SettledStateAsync(client, "ledger");
        Assert.That(state["version"]!.GetValue<string>(), Is.EqualTo("1.0.0"), "the previous version");
        var status = state["status"]!;
        Assert.That((Text(status, "state"), Text(status, "reason"), Text(status, "opType")), Is.EqualTo((AppStates.Stopped, "upgradeCancelByUser", OpType.Cancel.ToWire())));
        Assert.That(recorder.StatesOf("cora", "ledger"), Does.Contain(AppStates.UpgradingCanceling));

        var resume = await (await client.SendJsonAsync(HttpMethod.Post, "/apps/resume", new JsonObject { ["app_name"] = "ledger", ["source"] = "upload" })).ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(resume["success"]!.GetValue<bool>(), Is.True, "a canceled upgrade is an app at rest");
    }

    [Test]
    public async Task A_refused_upgrade_cancel_settles_at_upgrading_cancel_failed()
    {
        using var client = await AppAtAsync("dina", "abacus", AppStates.Running);
        await AppTestKit.AddCatalogAppAsync(_factory, "abacus", version: "2.0.0");
        var upgrade = await (await client.SendJsonAsync(HttpMethod.Put, "/apps/abacus/upgrade", AppTestKit.InstallBody("abacus", "2.0.0", sync: false, envs: FailingCancels())))
            .ReadEnvelopeAsync(HttpStatusCode.OK);
        await AppTestKit.WaitForAppAsync(_factory, "dina", "abacus", a => a.State == AppStates.Upgrading);

        var cancel = await (await client.SendJsonAsync(HttpMethod.Delete, "/apps/abacus/install", CancelBody("abacus", "2.0.0"))).ReadEnvelopeAsync(HttpStatusCode.OK);

        Assert.That((await client.WaitForTaskAsync(cancel.TaskId()))["status"]!.GetValue<string>(), Is.EqualTo("failed"));
        Assert.That((await client.WaitForTaskAsync(upgrade.TaskId()))["status"]!.GetValue<string>(), Is.EqualTo("failed"));
        var state = await SettledStateAsync(client, "abacus");
        Assert.That((Text(state["status"]!, "state"), Text(state, "version")), Is.EqualTo((AppStates.UpgradingCancelFailed, "1.0.0")));

        var again = await (await client.SendJsonAsync(HttpMethod.Delete, "/apps/abacus/install", CancelBody("abacus", "2.0.0"))).ReadEnvelopeAsync(HttpStatusCode.NotFound);
        Assert.That(again.Message(), Is.EqualTo("App not found or current state does not allow operation"), "a settled app has nothing to cancel");
    }

    [Test]
    public async Task Cancel_during_a_resume_leaves_the_app_stopped()
    {
        using var client = await AppAtAsync("emil", "radio", AppStates.Stopped);

        await (await client.SendJsonAsync(HttpMethod.Post, "/apps/resume", new JsonObject { ["app_name"] = "radio", ["source"] = "upload" })).ReadEnvelopeAsync(HttpStatusCode.OK);
        var cancel = await (await client.SendJsonAsync(HttpMethod.Delete, "/apps/radio/install", CancelBody("radio", "1.0.0"))).ReadEnvelopeAsync(HttpStatusCode.OK);

        Assert.That((await client.WaitForTaskAsync(cancel.TaskId()))["status"]!.GetValue<string>(), Is.EqualTo("completed"));
        Assert.That(await TaskStatusAsync(client, "radio", OpType.Resume.ToWire()), Is.EqualTo("canceled"));
        var state = await SettledStateAsync(client, "radio");
        Assert.That((Text(state["status"]!, "state"), Text(state["status"]!, "opType")), Is.EqualTo((AppStates.Stopped, OpType.Cancel.ToWire())));
    }

    [Test]
    public async Task A_refused_resume_cancel_settles_at_resuming_cancel_failed()
    {
        using var client = await AppAtAsync("fynn", "atlas", AppStates.Running);
        await AppTestKit.AddCatalogAppAsync(_factory, "atlas", version: "1.1.0");
        var upgrade = await (await client.SendJsonAsync(HttpMethod.Put, "/apps/atlas/upgrade", AppTestKit.InstallBody("atlas", "1.1.0", sync: false, envs: FailingCancels())))
            .ReadEnvelopeAsync(HttpStatusCode.OK);
        await client.WaitForTaskAsync(upgrade.TaskId());
        await (await client.SendJsonAsync(HttpMethod.Post, "/apps/stop", new JsonObject { ["app_name"] = "atlas", ["source"] = "upload" })).ReadEnvelopeAsync(HttpStatusCode.OK);
        await AppTestKit.WaitForAppAsync(_factory, "fynn", "atlas", a => a.State == AppStates.Stopped);

        await (await client.SendJsonAsync(HttpMethod.Post, "/apps/resume", new JsonObject { ["app_name"] = "atlas", ["source"] = "upload" })).ReadEnvelopeAsync(HttpStatusCode.OK);
        var cancel = await (await client.SendJsonAsync(HttpMethod.Delete, "/apps/atlas/install", CancelBody("atlas", "1.1.0"))).ReadEnvelopeAsync(HttpStatusCode.OK);

        Assert.That((await client.WaitForTaskAsync(cancel.TaskId()))["status"]!.GetValue<string>(), Is.EqualTo("failed"));
        Assert.That(await TaskStatusAsync(client, "atlas", OpType.Resume.ToWire()), Is.EqualTo("failed"));
        var state = await SettledStateAsync(client, "atlas");
        Assert.That((Text(state["status"]!, "state"), Text(state, "version")), Is.EqualTo((AppStates.ResumingCancelFailed, "1.1.0")));
    }

    /// <summary>The 1.12.6+ cancel body (the web app's <c>cancelInstalling()</c>): no <c>sync</c>.</summary>
    private static JsonObject CancelBody(string app, string version) => new() { ["app_name"] = app, ["source"] = "upload", ["version"] = version };

    /// <summary>The simulated runtime fails every cancel of an app holding this env (as app-service keeps env values).</summary>
    private static JsonArray FailingCancels() => [new JsonObject { ["envName"] = "SIMULATE_FAILURE", ["value"] = "cancel" }];

    private async Task<HttpClient> AppAtAsync(string user, string app, string state)
    {
        await AppTestKit.AddCatalogAppAsync(_factory, app);
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
            db.SeedUserApp(user, "upload", app, state, version: "1.0.0", opType: OpType.Install);
            await db.SaveChangesAsync();
        }

        return _factory.CreateUserClient(user);
    }

    /// <summary>The app's row in <c>/market/state</c> once no operation runs on it any more.</summary>
    private static async Task<JsonNode> SettledStateAsync(HttpClient client, string app)
    {
        JsonNode? last = null;
        return await Eventually.ValueAsync(
            async () => last = await StateAsync(client, app),
            s => !AppStateMachine.IsBusy(Text(s["status"]!, "state")),
            () => $"{app} to settle (last: {last?.ToJsonString()})");
    }

    private static async Task<JsonNode> StateAsync(HttpClient client, string app)
    {
        var data = await (await client.GetAsync(AppTestKit.Base + "/market/state")).ReadEnvelopeAsync(HttpStatusCode.OK);
        return data["data"]!["user_data"]!["sources"]!["upload"]!["app_state_latest"]!.AsArray()
            .Single(s => s!["status"]!["name"]!.GetValue<string>() == app)!;
    }

    private static async Task<string> TaskStatusAsync(HttpClient client, string app, string type)
    {
        JsonNode? task = null;
        await Eventually.HoldsAsync(async () =>
        {
            var tasks = await (await client.GetAsync($"{AppTestKit.Base}/tasks?app={app}")).ReadEnvelopeAsync(HttpStatusCode.OK);
            task = tasks["data"]!["tasks"]!.AsArray().First(t => t!["type"]!.GetValue<string>() == type);
            return task!["status"]!.GetValue<string>() is "completed" or "failed" or "canceled";
        }, () => $"the {type} of {app} to end (last: {task?.ToJsonString()})");
        return task!["status"]!.GetValue<string>();
    }

    private static string Text(JsonNode node, string key) => node[key]?.GetValue<string>() ?? string.Empty;
}
