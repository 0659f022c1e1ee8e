using Market.Application.Apps.Models;
using System.Text.Json;
using System.Net;
using System.Text.Json.Nodes;
using Market.Api.Tests.Infrastructure;
using Market.Domain.Apps;

namespace Market.Api.Tests.Apps;

/// <summary>Upgrade, uninstall, clone, stop, resume and open against the simulated runtime. Each test uses its own user.</summary>
[NonParallelizable]
public sealed class LifecycleTests
{
    private MarketApiFactory _factory = null!;

    [OneTimeSetUp]
    public void Start() => _factory = new MarketApiFactory();

    [OneTimeTearDown]
    public void Stop() => _factory.Dispose();

    [Test]
    public async Task Upgrade_moves_a_running_app_to_the_new_version()
    {
        using var client = await InstalledAsync("olga", "blog");
        await AppTestKit.AddCatalogAppAsync(_factory, "blog", version: "2.0.0");

        var envelope = await (await client.SendJsonAsync(HttpMethod.Put, "/apps/blog/upgrade", AppTestKit.InstallBody("blog", "2.0.0"))).ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(envelope.Message(), Is.EqualTo("App upgrade completed successfully"));
        Assert.That(envelope["data"]!["operation"]!.GetValue<string>(), Is.EqualTo("upgrade"));
        Assert.That(envelope["data"]!["version"]!.GetValue<string>(), Is.EqualTo("2.0.0"));

        var app = await AppTestKit.WaitForAppAsync(_factory, "olga", "blog", a => a.InstalledVersion == "2.0.0");
        Assert.That((app.State, app.OpType), Is.EqualTo((AppStates.Running, OpType.Upgrade)));
    }

    [Test]
    public async Task Upgrade_errors()
    {
        using var client = await InstalledAsync("paul", "forum");

        var missing = await (await client.SendJsonAsync(HttpMethod.Put, "/apps/forum/upgrade", new JsonObject { ["app_name"] = "forum" })).ReadEnvelopeAsync(HttpStatusCode.BadRequest);
        Assert.That(missing.Message(), Is.EqualTo("Missing required fields: source, app_name, and version are required"));
        var malformed = await (await client.SendRawAsync(HttpMethod.Put, "/apps/forum/upgrade", "[")).ReadEnvelopeAsync(HttpStatusCode.BadRequest);
        Assert.That(malformed.Message(), Is.EqualTo("Invalid request format"));
        var noSuchVersion = await (await client.SendJsonAsync(HttpMethod.Put, "/apps/forum/upgrade", AppTestKit.InstallBody("forum", "9.9.9"))).ReadEnvelopeAsync(HttpStatusCode.NotFound);
        Assert.That(noSuchVersion.Message(), Is.EqualTo("App not found"));

        using var other = _factory.CreateUserClient("quinn");
        var notInstalled = await (await other.SendJsonAsync(HttpMethod.Put, "/apps/forum/upgrade", AppTestKit.InstallBody("forum"))).ReadEnvelopeAsync(HttpStatusCode.NotFound);
        Assert.That(notInstalled.Message(), Is.EqualTo("App not found"));
    }

    [Test]
    public async Task Uninstall_needs_the_installed_version_and_ends_uninstalled()
    {
        using var client = await InstalledAsync("rita", "chat");

        var noVersion = await (await client.SendJsonAsync(HttpMethod.Delete, "/apps/chat", new JsonObject { ["sync"] = true })).ReadEnvelopeAsync(HttpStatusCode.BadRequest);
        Assert.That(noVersion.Message(), Is.EqualTo("Missing required field: version"));
        var noBody = await (await client.SendRawAsync(HttpMethod.Delete, "/apps/chat", "garbage")).ReadEnvelopeAsync(HttpStatusCode.BadRequest);
        Assert.That(noBody.Message(), Is.EqualTo("Missing required field: version"));
        var wrong = await (await client.SendJsonAsync(HttpMethod.Delete, "/apps/chat", new JsonObject { ["version"] = "0.1.0" })).ReadEnvelopeAsync(HttpStatusCode.NotFound);
        Assert.That(wrong.Message(), Is.EqualTo("App chat version 0.1.0 is not installed"));
        var unknown = await (await client.SendJsonAsync(HttpMethod.Delete, "/apps/ghost", new JsonObject { ["version"] = "1.0.0" })).ReadEnvelopeAsync(HttpStatusCode.NotFound);
        Assert.That(unknown.Message(), Is.EqualTo("App ghost version 1.0.0 is not installed"));

        var envelope = await (await client.SendJsonAsync(HttpMethod.Delete, "/apps/chat", new JsonObject { ["version"] = "1.0.0", ["sync"] = true, ["all"] = true, ["deleteData"] = "yes" }))
            .ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(envelope.Message(), Is.EqualTo("App uninstallation completed successfully"));
        Assert.That(envelope["data"]!["all"]!.GetValue<bool>(), Is.True);
        Assert.That(envelope["data"]!["deleteData"]!.GetValue<bool>(), Is.False, "a string is not a bool: ignored like the original");

        var app = await AppTestKit.WaitForAppAsync(_factory, "rita", "chat", a => a.State == AppStates.Uninstalled);
        Assert.That(app.InstalledVersion, Is.Empty);
        var again = await (await client.SendJsonAsync(HttpMethod.Delete, "/apps/chat", new JsonObject { ["version"] = "1.0.0" })).ReadEnvelopeAsync(HttpStatusCode.NotFound);
        Assert.That(again.Message(), Is.EqualTo("App chat version 1.0.0 is not installed"));

        var logs = await (await client.GetAsync($"{AppTestKit.Base}/logs?type=ACTION_UNINSTALL")).ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(logs["data"]!["records"]!.AsArray().Select(r => r!["message"]!.GetValue<string>()),
            Is.EquivalentTo(new[] { "uninstall chat", "uninstall chat completed" }));
    }

    [Test]
    public async Task Clone_installs_a_second_copy_under_a_hashed_name_with_its_own_titles()
    {
        using var client = await InstalledAsync("sara", "board", AppTestKit.TwoEntrances);
        var body = new JsonObject
        {
            ["source"] = "upload",
            ["app_name"] = "board",
            ["title"] = "Team board",
            ["sync"] = true,
            ["entrances"] = new JsonArray(new JsonObject { ["name"] = "admin", ["title"] = "Team admin" }),
        };

        var envelope = await (await client.SendJsonAsync(HttpMethod.Post, "/apps/board/clone", body)).ReadEnvelopeAsync(HttpStatusCode.OK);

        var identity = CloneIdentity.Of("upload", "board", "Team board", [], [new CloneEntrance("admin", "Team admin")]);
        Assert.That(envelope.Message(), Is.EqualTo("App clone installation completed successfully"));
        Assert.That(envelope["data"]!["app_name"]!.GetValue<string>(), Is.EqualTo(identity.AppName));
        Assert.That(envelope["data"]!["rawAppName"]!.GetValue<string>(), Is.EqualTo("board"));
        Assert.That(envelope["data"]!["requestHash"]!.GetValue<string>(), Is.EqualTo(identity.RequestHash));

        var clone = await AppTestKit.WaitForAppAsync(_factory, "sara", identity.AppName, a => a.State == AppStates.Running && a.InstalledVersion.Length > 0);
        Assert.That((clone.RawAppName, clone.AppId, clone.Title, clone.InstalledVersion), Is.EqualTo(("board", identity.AppId, "Team board", "1.0.0")));
        var entrances = JsonSerializer.SerializeToNode(clone.ToDto().Status.EntranceStatuses)!.AsArray();
        var prefix = AppIdentity.RuntimeAppId(identity.AppName);
        Assert.That(entrances.Select(e => e!["url"]!.GetValue<string>()), Is.EqualTo(new[] { $"{prefix}0.sara.olares.local", $"{prefix}1.sara.olares.local" }));
        Assert.That(entrances.Select(e => e!["title"]!.GetValue<string>()), Is.EqualTo(new[] { "Web", "Team admin" }));

        var twice = await (await client.SendJsonAsync(HttpMethod.Post, "/apps/board/clone", body)).ReadEnvelopeAsync(HttpStatusCode.Conflict);
        Assert.That(twice.Message(), Is.EqualTo($"App {identity.AppName} is already installed"));
    }

    [Test]
    public async Task Clone_errors()
    {
        using var client = _factory.CreateUserClient("tina");
        await AppTestKit.AddCatalogAppAsync(_factory, "kanban");

        var missing = await (await client.SendJsonAsync(HttpMethod.Post, "/apps/kanban/clone", new JsonObject { ["source"] = "upload" })).ReadEnvelopeAsync(HttpStatusCode.BadRequest);
        Assert.That(missing.Message(), Is.EqualTo("Missing required fields: source and app_name are required"));
        var malformed = await (await client.SendRawAsync(HttpMethod.Post, "/apps/kanban/clone", "{")).ReadEnvelopeAsync(HttpStatusCode.BadRequest);
        Assert.That(malformed.Message(), Is.EqualTo("Invalid request format"));
        var unknown = await (await client.SendJsonAsync(HttpMethod.Post, "/apps/x/clone", new JsonObject { ["source"] = "upload", ["app_name"] = "nothing" })).ReadEnvelopeAsync(HttpStatusCode.NotFound);
        Assert.That(unknown.Message(), Is.EqualTo("App not found"));
        var notInstalled = await (await client.SendJsonAsync(HttpMethod.Post, "/apps/kanban/clone", new JsonObject { ["source"] = "upload", ["app_name"] = "kanban" })).ReadEnvelopeAsync(HttpStatusCode.NotFound);
        Assert.That(notInstalled.Message(), Is.EqualTo("Original app kanban is not installed in source upload"));
    }

    [Test]
    public async Task Stop_and_resume_answer_with_the_runtime_reply_and_the_state_follows()
    {
        using var client = await InstalledAsync("uma", "music");

        var stop = await (await client.SendJsonAsync(HttpMethod.Post, "/apps/stop", new JsonObject { ["appName"] = "music", ["all"] = false })).ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(stop.Message(), Is.EqualTo("Application stopped successfully"));
        Assert.That(stop["data"]!["appName"]!.GetValue<string>(), Is.EqualTo("music"));
        Assert.That(JsonNode.Parse(stop["data"]!["result"]!.GetValue<string>())!["code"]!.GetValue<int>(), Is.EqualTo(200), "result is the runtime's raw body as a string");
        var stopped = await AppTestKit.WaitForAppAsync(_factory, "uma", "music", a => a.State == AppStates.Stopped);
        Assert.That(JsonSerializer.SerializeToNode(stopped.ToDto().Status.EntranceStatuses)![0]!["state"]!.GetValue<string>(), Is.EqualTo("stopped"));

        var again = await (await client.SendJsonAsync(HttpMethod.Post, "/apps/stop", new JsonObject { ["app_name"] = "music", ["source"] = "upload" })).ReadEnvelopeAsync(HttpStatusCode.Conflict);
        Assert.That(again.Message(), Does.Contain("music"));

        var resume = await (await client.SendJsonAsync(HttpMethod.Post, "/apps/resume", new JsonObject { ["app_name"] = "music", ["source"] = "upload" })).ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(resume.Message(), Is.EqualTo("Application resumed successfully"));
        await AppTestKit.WaitForAppAsync(_factory, "uma", "music", a => a.State == AppStates.Running);
    }

    [Test]
    public async Task Stop_resume_and_open_request_errors()
    {
        using var client = _factory.CreateUserClient("vera");

        Assert.That((await (await client.SendJsonAsync(HttpMethod.Post, "/apps/stop", new JsonObject())).ReadEnvelopeAsync(HttpStatusCode.BadRequest)).Message(),
            Is.EqualTo("AppName cannot be empty"));
        Assert.That((await (await client.SendJsonAsync(HttpMethod.Post, "/apps/resume", new JsonObject { ["appName"] = "" })).ReadEnvelopeAsync(HttpStatusCode.BadRequest)).Message(),
            Is.EqualTo("AppName cannot be empty"));
        Assert.That((await (await client.SendRawAsync(HttpMethod.Post, "/apps/stop", "nope")).ReadEnvelopeAsync(HttpStatusCode.BadRequest)).Message(),
            Is.EqualTo("Invalid request body"));
        Assert.That((await (await client.SendJsonAsync(HttpMethod.Post, "/apps/resume", new JsonObject { ["appName"] = "ghost" })).ReadEnvelopeAsync(HttpStatusCode.NotFound)).Message(),
            Is.EqualTo("App ghost is not installed"));
        Assert.That((await (await client.SendJsonAsync(HttpMethod.Post, "/apps/open", new JsonObject { ["id"] = "" })).ReadEnvelopeAsync(HttpStatusCode.BadRequest)).Message(),
            Is.EqualTo("Application ID cannot be empty"));
        Assert.That((await (await client.SendRawAsync(HttpMethod.Post, "/apps/open", "{")).ReadEnvelopeAsync(HttpStatusCode.BadRequest)).Message(),
            Is.EqualTo("Invalid request body"));

        var open = await (await client.SendJsonAsync(HttpMethod.Post, "/apps/open", new JsonObject { ["id"] = "a1b2c3d4" })).ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(open.Message(), Is.EqualTo("Application opened successfully"));
        Assert.That(open.ContainsKey("data"), Is.False);
    }

    [Test]
    public async Task Cancel_with_nothing_in_progress_is_a_conflict()
    {
        using var client = await InstalledAsync("will", "radio");

        var envelope = await (await client.SendJsonAsync(HttpMethod.Delete, "/apps/radio/install", null)).ReadEnvelopeAsync(HttpStatusCode.Conflict);
        Assert.That(envelope.Message(), Is.EqualTo("No installation of app radio is in progress"));
        var unknown = await (await client.SendRawAsync(HttpMethod.Delete, "/apps/ghost/install", "not json")).ReadEnvelopeAsync(HttpStatusCode.Conflict);
        Assert.That(unknown.Message(), Is.EqualTo("No installation of app ghost is in progress"));
    }

    [Test]
    public async Task The_operation_routes_are_described_in_the_openapi_document()
    {
        using var client = _factory.CreateUserClient("xavi");
        var document = await client.GetStringAsync("/openapi/v1.json");
        Assert.That(document, Does.Contain("/app-store/api/v2/apps/{id}/install").And.Contain("/app-store/api/v2/tasks/{id}").And.Contain("/app-store/api/v2/apps/stop"));
    }

    private async Task<HttpClient> InstalledAsync(string user, string app, JsonArray? entrances = null)
    {
        var client = _factory.CreateUserClient(user);
        await AppTestKit.AddCatalogAppAsync(_factory, app, entrances: entrances);
        var envelope = await (await client.SendJsonAsync(HttpMethod.Post, $"/apps/{app}/install", AppTestKit.InstallBody(app, sync: false))).ReadEnvelopeAsync(HttpStatusCode.OK);
        var task = await client.WaitForTaskAsync(envelope.TaskId());
        Assert.That(task["status"]!.GetValue<string>(), Is.EqualTo("completed"));
        return client;
    }
}
