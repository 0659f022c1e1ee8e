using System.Net;
using Market.Api.Tests.Infrastructure;
using Market.Domain.Apps;

namespace Market.Api.Tests.Apps;

/// <summary>Operations that must be caught mid-flight: slow simulated steps give the test time to act.</summary>
[NonParallelizable]
public sealed class SlowOperationTests
{
    private MarketApiFactory _factory = null!;

    [OneTimeSetUp]
    public void Start() => _factory = new MarketApiFactory(new Dictionary<string, string?> { ["Market:Runtime:Simulated:StepDelayMs"] = "600" });

    [OneTimeTearDown]
    public void Stop() => _factory.Dispose();

    [Test]
    public async Task A_second_operation_on_an_app_in_progress_is_a_conflict()
    {
        using var client = _factory.CreateUserClient("xena");
        await AppTestKit.AddCatalogAppAsync(_factory, "search");
        await (await client.SendJsonAsync(HttpMethod.Post, "/apps/search/install", AppTestKit.InstallBody("search"))).ReadEnvelopeAsync(HttpStatusCode.OK);

        var again = await (await client.SendJsonAsync(HttpMethod.Post, "/apps/search/install", AppTestKit.InstallBody("search"))).ReadEnvelopeAsync(HttpStatusCode.Conflict);
        Assert.That(again.Message(), Is.EqualTo("Another operation on app search is already in progress"));
        var upgrade = await (await client.SendJsonAsync(HttpMethod.Put, "/apps/search/upgrade", AppTestKit.InstallBody("search"))).ReadEnvelopeAsync(HttpStatusCode.Conflict);
        Assert.That(upgrade.Message(), Is.EqualTo("Another operation on app search is already in progress"));

        using var other = _factory.CreateUserClient("yuri");
        var otherUser = await (await other.SendJsonAsync(HttpMethod.Post, "/apps/search/install", AppTestKit.InstallBody("search", sync: false))).ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(otherUser.Message(), Is.EqualTo("App installation started successfully"), "another user's copy is independent");
    }

    [Test]
    public async Task Cancel_during_download_ends_the_install_canceled()
    {
        using var client = _factory.CreateUserClient("zoe");
        using var recorder = new EventRecorder(_factory.Services);
        await AppTestKit.AddCatalogAppAsync(_factory, "video");
        var install = await (await client.SendJsonAsync(HttpMethod.Post, "/apps/video/install", AppTestKit.InstallBody("video", sync: false))).ReadEnvelopeAsync(HttpStatusCode.OK);
        await AppTestKit.WaitForAppAsync(_factory, "zoe", "video", a => a.State == AppState.Downloading);

        var cancel = await (await client.SendJsonAsync(HttpMethod.Delete, "/apps/video/install", new System.Text.Json.Nodes.JsonObject { ["sync"] = true }))
            .ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(cancel.Message(), Is.EqualTo("App installation cancellation completed successfully"));
        Assert.That(cancel["data"]!["operation"]!.GetValue<string>(), Is.EqualTo("cancel"));

        var installTask = await client.WaitForTaskAsync(install.TaskId());
        Assert.That(installTask["status"]!.GetValue<string>(), Is.EqualTo("canceled"));
        var app = await AppTestKit.WaitForAppAsync(_factory, "zoe", "video", a => a.State.ToWire().EndsWith("Canceled", StringComparison.Ordinal));
        Assert.That(app.State, Is.EqualTo(AppState.DownloadingCanceled));
        Assert.That(recorder.StatesOf("zoe", "video"), Does.Contain(AppState.DownloadingCanceling.ToWire()));
        await recorder.WaitForPointAsync("zoe", "video", "task_finished_canceled");

        // The cancel task records its own end just after its target's; poll instead of racing it.
        string[] completed = [];
        await Eventually.HoldsAsync(
            async () =>
            {
                var tasks = await (await client.GetAsync($"{AppTestKit.Base}/tasks?app=video&status=completed")).ReadEnvelopeAsync(HttpStatusCode.OK);
                completed = tasks["data"]!["tasks"]!.AsArray().Select(t => t!["type"]!.GetValue<string>()).ToArray();
                return completed.Length > 0;
            },
            "a completed task of the app",
            TimeSpan.FromSeconds(10));

        Assert.That(completed, Is.EqualTo(new[] { "cancel" }));

        var reinstall = await (await client.SendJsonAsync(HttpMethod.Post, "/apps/video/install", AppTestKit.InstallBody("video", sync: false))).ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(reinstall.Message(), Is.EqualTo("App installation started successfully"), "a canceled app can be installed again");
    }

    [Test]
    public async Task Uninstall_while_installing_is_a_conflict()
    {
        using var client = _factory.CreateUserClient("adam");
        await AppTestKit.AddCatalogAppAsync(_factory, "office");
        await (await client.SendJsonAsync(HttpMethod.Post, "/apps/office/install", AppTestKit.InstallBody("office"))).ReadEnvelopeAsync(HttpStatusCode.OK);

        var envelope = await (await client.SendJsonAsync(HttpMethod.Delete, "/apps/office", new System.Text.Json.Nodes.JsonObject { ["version"] = "1.0.0" }))
            .ReadEnvelopeAsync(HttpStatusCode.NotFound);
        Assert.That(envelope.Message(), Is.EqualTo("App office version 1.0.0 is not installed"), "nothing is installed until the install completes");
    }
}
