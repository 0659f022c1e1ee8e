using System.Net;
using System.Text.Json.Nodes;
using Market.Api.Tests.Infrastructure;
using Market.Domain.Apps;
using static Market.Api.Tests.Updates.UploadedAppKit;

namespace Market.Api.Tests.Updates;

/// <summary>
/// Safe upgrades: an upgrade that fails after the runtime accepted it is rolled back by itself, as a task
/// of its own the timeline and history show; a user may roll back the last upgrade on request.
/// </summary>
[NonParallelizable]
public sealed class RollbackTests
{
    private MarketApiFactory _factory = null!;

    [OneTimeSetUp]
    public void Start() => _factory = new MarketApiFactory();

    [OneTimeTearDown]
    public void Stop() => _factory.Dispose();

    [Test]
    public async Task An_upgrade_that_fails_midway_ends_with_the_app_running_at_the_previous_version()
    {
        using var client = _factory.CreateUserClient("yuri");
        await UploadAsync(client, "quill", "1.0.0");
        await StartAndWaitAsync(client, HttpMethod.Post, "/apps/quill/install", AppTestKit.InstallBody("quill", "1.0.0", sync: false));
        await UploadAsync(client, "quill", "1.1.0");

        var failing = AppTestKit.InstallBody("quill", "1.1.0", sync: false, envs: [new JsonObject { ["envName"] = "SIMULATE_FAILURE", ["value"] = "upgrade" }]);
        var upgrade = await StartAndWaitAsync(client, HttpMethod.Put, "/apps/quill/upgrade", failing);
        Assert.That(upgrade["status"]!.GetValue<string>(), Is.EqualTo("failed"));

        var app = await AppTestKit.WaitForAppAsync(_factory, "yuri", "quill", a => a.OpType == OpType.Rollback && a.State == AppState.Running);
        Assert.That(app.InstalledVersion, Is.EqualTo("1.0.0"));

        var upgraded = await TaskAsync(client, upgrade["task_id"]!.GetValue<string>());
        var rollbackStep = upgraded["timeline"]!.AsArray().Single(s => s!["step"]!.GetValue<string>() == "rollback")!;
        var tasks = (await (await client.GetAsync($"{AppTestKit.Base}/tasks?app=quill")).ReadEnvelopeAsync(HttpStatusCode.OK))["data"]!["tasks"]!.AsArray();
        var rollbackId = tasks.Single(t => t!["type"]!.GetValue<string>() == "rollback")!["task_id"]!.GetValue<string>();
        Assert.That(rollbackStep["message"]!.GetValue<string>(), Does.StartWith($"rollback task {rollbackId}: upgrade failed"));
        var rollback = await client.WaitForTaskAsync(rollbackId);
        Assert.That((rollback["status"]!.GetValue<string>(), rollback["version"]!.GetValue<string>()), Is.EqualTo(("completed", "1.0.0")));
        Assert.That(rollback["timeline"]!.AsArray().Last()!["step"]!.GetValue<string>(), Is.EqualTo("finished"));

        var logs = await (await client.GetAsync($"{AppTestKit.Base}/logs?type=ACTION_UPGRADE")).ReadEnvelopeAsync(HttpStatusCode.OK);
        var messages = logs["data"]!["records"]!.AsArray().Select(r => r!["message"]!.GetValue<string>()).ToList();
        Assert.That(messages, Does.Contain("rollback quill").And.Contain("upgrade quill"));
    }

    [Test]
    public async Task The_last_upgrade_can_be_rolled_back_on_request()
    {
        using var client = _factory.CreateUserClient("zoe");
        var none = await (await client.SendJsonAsync(HttpMethod.Post, "/apps/inkwell/rollback", new JsonObject())).ReadEnvelopeAsync(HttpStatusCode.NotFound);
        Assert.That(none.Message(), Is.EqualTo("App inkwell has no upgrade to roll back"));

        await UploadAsync(client, "inkwell", "1.0.0");
        await StartAndWaitAsync(client, HttpMethod.Post, "/apps/inkwell/install", AppTestKit.InstallBody("inkwell", "1.0.0", sync: false));
        await UploadAsync(client, "inkwell", "1.1.0");
        await StartAndWaitAsync(client, HttpMethod.Put, "/apps/inkwell/upgrade", AppTestKit.InstallBody("inkwell", "1.1.0", sync: false));
        Assert.That((await AppTestKit.ReadAppAsync(_factory, "zoe", "inkwell"))!.InstalledVersion, Is.EqualTo("1.1.0"));

        var envelope = await (await client.SendJsonAsync(HttpMethod.Post, "/apps/inkwell/rollback", new JsonObject { ["sync"] = true })).ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(envelope.Message(), Is.EqualTo("App rollback completed successfully"));
        var app = await AppTestKit.WaitForAppAsync(_factory, "zoe", "inkwell", a => a.OpType == OpType.Rollback && a.State == AppState.Running);
        Assert.That(app.InstalledVersion, Is.EqualTo("1.0.0"));
    }
}
