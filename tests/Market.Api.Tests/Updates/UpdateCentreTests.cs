using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Market.Api.Tests.Infrastructure;
using Market.Application.Common.Interfaces;
using Market.Domain.Apps;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Api.Tests.Updates;

/// <summary>
/// The update centre as a new user meets it: uploaded charts installed, newer versions uploaded, the
/// updates listed with their release notes, held and skipped, and applied one by one or all at once.
/// </summary>
[NonParallelizable]
public sealed class UpdateCentreTests
{
    private MarketApiFactory _factory = null!;

    [OneTimeSetUp]
    public void Start() => _factory = new MarketApiFactory();

    [OneTimeTearDown]
    public void Stop() => _factory.Dispose();

    [Test]
    public async Task Newer_uploads_are_listed_with_their_notes_skip_and_hold_hide_them_and_apply_upgrades_to_the_newest()
    {
        using var client = _factory.CreateUserClient("una");
        var points = ListenForPoints("una");
        await UploadAsync(client, "ledger", "1.0.0", "First release");
        await InstallAsync(client, "ledger", "1.0.0");
        Assert.That((await UpdatesAsync(client))["total_count"]!.GetValue<int>(), Is.Zero, "nothing newer yet");

        await UploadAsync(client, "ledger", "1.1.0", "Adds tags");
        await UploadAsync(client, "ledger", "1.2.0", "Adds export");
        var listed = await UpdatesAsync(client);
        Assert.That(listed["total_count"]!.GetValue<int>(), Is.EqualTo(1));
        var entry = listed["updates"]![0]!;
        Assert.That((entry["app_name"]!.GetValue<string>(), entry["installed_version"]!.GetValue<string>(), entry["latest_version"]!.GetValue<string>()),
            Is.EqualTo(("ledger", "1.0.0", "1.2.0")));
        var releases = entry["releases"]!.AsArray();
        Assert.That(releases.Select(r => r!["version"]!.GetValue<string>()), Is.EqualTo(new[] { "1.2.0", "1.1.0" }));
        Assert.That(releases[0]!["upgradeDescription"]!.GetValue<string>(), Does.Contain("Adds export"));
        Assert.That(releases[1]!["upgradeDescription"]!.GetValue<string>(), Does.Contain("Adds tags"));
        Assert.That(releases.All(r => r!["versionName"]!.GetValue<string>() == "3.1.0" && r["mergedAt"]!.GetValue<string>().Length > 0), Is.True);
        Assert.That(entry["held"]!.GetValue<bool>(), Is.False);

        var skipped = await (await client.SendJsonAsync(HttpMethod.Put, "/updates/ledger/skip", new JsonObject { ["version"] = "1.2.0" })).ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(skipped["data"]!["skipped_version"]!.GetValue<string>(), Is.EqualTo("1.2.0"));
        var afterSkip = (await UpdatesAsync(client))["updates"]![0]!;
        Assert.That(afterSkip["releases"]!.AsArray().Where(r => !r!["skipped"]!.GetValue<bool>()).Select(r => r!["version"]!.GetValue<string>()),
            Is.EqualTo(new[] { "1.1.0" }), "1.1.0 is still offered");

        await (await client.SendJsonAsync(HttpMethod.Put, "/updates/ledger/hold", new JsonObject { ["held"] = true })).ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That((await UpdatesAsync(client))["total_count"]!.GetValue<int>(), Is.Zero, "a held app is not offered");
        var all = await UpdatesAsync(client, "?all=true");
        Assert.That(all["updates"]![0]!["held"]!.GetValue<bool>(), Is.True, "all=true still shows it, held");
        await Eventually.HoldsAsync(() => Task.FromResult(points.Contains("updates_changed")), "an updates_changed market_system_point for una");

        var heldApply = await (await client.SendJsonAsync(HttpMethod.Post, "/updates/apply", new JsonObject { ["apps"] = new JsonArray("ledger") })).ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(heldApply["data"]!["items"]![0]!["error"]!.GetValue<string>(), Is.EqualTo("Updates of app ledger are held"));

        await (await client.SendJsonAsync(HttpMethod.Put, "/updates/ledger/hold", new JsonObject { ["held"] = false })).ReadEnvelopeAsync(HttpStatusCode.OK);
        var batch = await ApplyAsync(client, new JsonObject { ["apps"] = new JsonArray("ledger") });
        Assert.That(batch["items"]![0]!["to_version"]!.GetValue<string>(), Is.EqualTo("1.2.0"));
        var done = await WaitForBatchAsync(client, batch["batch_id"]!.GetValue<string>());
        Assert.That(done["status"]!.GetValue<string>(), Is.EqualTo("completed"));
        var app = await AppTestKit.WaitForAppAsync(_factory, "una", "ledger", a => a.State == AppState.Running);
        Assert.That(app.InstalledVersion, Is.EqualTo("1.2.0"));
        Assert.That((await UpdatesAsync(client, "?all=true"))["total_count"]!.GetValue<int>(), Is.Zero, "up to date");
    }

    [Test]
    public async Task Apply_all_upgrades_every_app_once_and_a_repeated_key_answers_with_the_same_batch()
    {
        using var client = _factory.CreateUserClient("vera");
        string[] apps = ["alpha", "bravo", "charlie"];
        foreach (var name in apps)
        {
            await UploadAsync(client, name, "1.0.0", "First");
            await InstallAsync(client, name, "1.0.0");
            await UploadAsync(client, name, "2.0.0", "Second");
        }

        var first = await ApplyAsync(client, new JsonObject { ["all"] = true }, "vera-all-1");
        var again = await ApplyAsync(client, new JsonObject { ["all"] = true }, "vera-all-1");
        Assert.That(again["batch_id"]!.GetValue<string>(), Is.EqualTo(first["batch_id"]!.GetValue<string>()));
        var items = first["items"]!.AsArray();
        Assert.That(items.Select(i => i!["app_name"]!.GetValue<string>()).Order(), Is.EqualTo(apps));
        var taskIds = items.Select(i => i!["task_id"]!.GetValue<string>()).ToList();
        Assert.That(taskIds.Distinct().Count(), Is.EqualTo(3), "three tasks, one per app");
        Assert.That(again["items"]!.AsArray().Select(i => i!["task_id"]!.GetValue<string>()).Order(), Is.EqualTo(taskIds.Order()), "no app started twice");

        var done = await WaitForBatchAsync(client, first["batch_id"]!.GetValue<string>());
        Assert.That(done["status"]!.GetValue<string>(), Is.EqualTo("completed"));
        Assert.That(done["items"]!.AsArray().Select(i => i!["installed_version"]!.GetValue<string>()), Is.All.EqualTo("2.0.0"));
        var tasks = (await (await client.GetAsync($"{AppTestKit.Base}/tasks?limit=50")).ReadEnvelopeAsync(HttpStatusCode.OK))["data"]!.ToJsonString();
        Assert.That(taskIds.All(tasks.Contains), Is.True, "each upgrade is an ordinary task");
    }

    [Test]
    public async Task One_app_that_cannot_upgrade_does_not_stop_the_others()
    {
        using var client = _factory.CreateUserClient("wren");
        await UploadAsync(client, "delta", "1.0.0", "First");
        await InstallAsync(client, "delta", "1.0.0");
        await UploadAsync(client, "delta", "2.0.0", "Second");
        await UploadAsync(client, "echo", "1.0.0", "First");
        await InstallAsync(client, "echo", "1.0.0");
        var needsEnv = ChartArchiveBuilder.Manifest("echo", "2.0.0", "Needs a token") + "\nenvs:\n- envName: ECHO_REGION\n  type: string\n  required: true\n";
        await (await client.UploadAsync(ChartArchiveBuilder.Valid("echo", "2.0.0", needsEnv).Build(), "echo-2.0.0.tgz")).ReadEnvelopeAsync(HttpStatusCode.OK);

        var batch = await ApplyAsync(client, new JsonObject { ["apps"] = new JsonArray("echo", "delta", "ghost") });
        var done = await WaitForBatchAsync(client, batch["batch_id"]!.GetValue<string>());

        var byApp = done["items"]!.AsArray().ToDictionary(i => i!["app_name"]!.GetValue<string>(), i => i!);
        Assert.That(done["status"]!.GetValue<string>(), Is.EqualTo("partial"));
        Assert.That((byApp["delta"]["status"]!.GetValue<string>(), byApp["delta"]["installed_version"]!.GetValue<string>()), Is.EqualTo(("completed", "2.0.0")));
        Assert.That(byApp["echo"]["status"]!.GetValue<string>(), Is.EqualTo("failed"));
        Assert.That(byApp["echo"]["error"]!.GetValue<string>(), Does.Contain("ECHO_REGION"));
        Assert.That(byApp["echo"]["installed_version"]!.GetValue<string>(), Is.EqualTo("1.0.0"));
        Assert.That((byApp["ghost"]["status"]!.GetValue<string>(), byApp["ghost"]["error"]!.GetValue<string>()),
            Is.EqualTo(("not_started", "No update is available for app ghost")));
    }

    [Test]
    public async Task Bad_requests_name_the_problem()
    {
        using var client = _factory.CreateUserClient("xena");
        var neither = await (await client.SendJsonAsync(HttpMethod.Post, "/updates/apply", new JsonObject())).ReadEnvelopeAsync(HttpStatusCode.BadRequest);
        Assert.That(neither.Message(), Is.EqualTo("Either apps (a non-empty list of app names) or all: true is required"));
        var notInstalled = await (await client.SendJsonAsync(HttpMethod.Put, "/updates/nothing/hold", new JsonObject { ["held"] = true })).ReadEnvelopeAsync(HttpStatusCode.NotFound);
        Assert.That(notInstalled.Message(), Is.EqualTo("App nothing is not installed"));
        var noHeld = await (await client.SendJsonAsync(HttpMethod.Put, "/updates/nothing/hold", new JsonObject())).ReadEnvelopeAsync(HttpStatusCode.BadRequest);
        Assert.That(noHeld.Message(), Is.EqualTo("held is required (true or false)"));
        var unknownBatch = await (await client.GetAsync($"{AppTestKit.Base}/updates/batches/nope")).ReadEnvelopeAsync(HttpStatusCode.NotFound);
        Assert.That(unknownBatch.Message(), Is.EqualTo("Update batch nope not found"));
    }

    private ConcurrentBag<string> ListenForPoints(string user)
    {
        var points = new ConcurrentBag<string>();
        _factory.Services.GetRequiredService<IMarketEventBus>().Subscribe(e =>
        {
            if (e.User == user && e.NotifyType == MarketEvent.MarketSystemPoint && e.Payload["point"] is JsonValue point)
            {
                points.Add(point.GetValue<string>());
            }

            return ValueTask.CompletedTask;
        });
        return points;
    }

    private static async Task UploadAsync(HttpClient client, string name, string version, string notes) =>
        await (await client.UploadAsync(ChartArchiveBuilder.Valid(name, version, ChartArchiveBuilder.Manifest(name, version, notes)).Build(), $"{name}-{version}.tgz"))
            .ReadEnvelopeAsync(HttpStatusCode.OK);

    private static async Task InstallAsync(HttpClient client, string name, string version)
    {
        var envelope = await (await client.SendJsonAsync(HttpMethod.Post, $"/apps/{name}/install", AppTestKit.InstallBody(name, version, sync: false))).ReadEnvelopeAsync(HttpStatusCode.OK);
        await client.WaitForTaskAsync(envelope.TaskId());
    }

    private static async Task<JsonObject> UpdatesAsync(HttpClient client, string query = "") =>
        (await (await client.GetAsync($"{AppTestKit.Base}/updates{query}")).ReadEnvelopeAsync(HttpStatusCode.OK))["data"]!.AsObject();

    private static async Task<JsonObject> ApplyAsync(HttpClient client, JsonObject body, string? key = null) =>
        (await (await client.SendJsonAsync(HttpMethod.Post, "/updates/apply", body, key)).ReadEnvelopeAsync(HttpStatusCode.OK))["data"]!.AsObject();

    private static Task<JsonObject> WaitForBatchAsync(HttpClient client, string batchId) =>
        Eventually.ValueAsync(
            async () => (await (await client.GetAsync($"{AppTestKit.Base}/updates/batches/{batchId}")).ReadEnvelopeAsync(HttpStatusCode.OK))["data"]!.AsObject(),
            b => b["status"]!.GetValue<string>() != "running",
            () => $"batch {batchId} to end");
}
