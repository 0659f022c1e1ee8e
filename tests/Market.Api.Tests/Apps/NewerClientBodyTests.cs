using System.Net;
using System.Text.Json.Nodes;
using Market.Api.Tests.Infrastructure;
using Market.Domain.Apps;

namespace Market.Api.Tests.Apps;

/// <summary>
/// What a 1.12.6+ client sends (newer-clients §1, §2, §5) against the simulated runtime: restart, the
/// <c>{app_name, source, …}</c> bodies beside the original's, and the compute mode choice.
/// Each test uses its own user.
/// </summary>
[NonParallelizable]
public sealed class NewerClientBodyTests
{
    private MarketApiFactory _factory = null!;

    [OneTimeSetUp]
    public void Start() => _factory = new MarketApiFactory();

    [OneTimeTearDown]
    public void Stop() => _factory.Dispose();

    [Test]
    public async Task Restart_stops_then_resumes_and_the_row_ends_resumed_with_a_newer_status_time()
    {
        using var client = await InstalledAsync("ada", "notes");
        var before = (await AppTestKit.ReadAppAsync(_factory, "ada", "notes"))!.StateTime;

        var restart = await (await client.SendJsonAsync(HttpMethod.Post, "/apps/restart", new JsonObject { ["app_name"] = "notes", ["source"] = "upload" }))
            .ReadEnvelopeAsync(HttpStatusCode.OK);

        Assert.That(restart.Message(), Is.EqualTo("Application restarted successfully"));
        var app = await AppTestKit.WaitForAppAsync(_factory, "ada", "notes", a => a.State == AppStates.Running && a.OpType == OpType.Resume);
        Assert.That(app.StateTime, Is.GreaterThan(before));
        var tasks = await (await client.GetAsync($"{AppTestKit.Base}/tasks?app=notes")).ReadEnvelopeAsync(HttpStatusCode.OK);
        var types = tasks["data"]!["tasks"]!.AsArray().Select(t => t!["type"]!.GetValue<string>()).ToList();
        Assert.That(types, Does.Contain(OpType.Stop.ToWire()).And.Contain(OpType.Resume.ToWire()), "a stop, then a resume");
    }

    [Test]
    public async Task Restart_of_a_stopped_app_resumes_it_and_bad_restarts_are_refused()
    {
        using var client = await InstalledAsync("bea", "wiki");
        await (await client.SendJsonAsync(HttpMethod.Post, "/apps/stop", new JsonObject { ["app_name"] = "wiki", ["source"] = "upload", ["all"] = false }))
            .ReadEnvelopeAsync(HttpStatusCode.OK);
        await AppTestKit.WaitForAppAsync(_factory, "bea", "wiki", a => a.State == AppStates.Stopped);

        await (await client.SendJsonAsync(HttpMethod.Post, "/apps/restart", new JsonObject { ["app_name"] = "wiki", ["source"] = "upload" })).ReadEnvelopeAsync(HttpStatusCode.OK);
        await AppTestKit.WaitForAppAsync(_factory, "bea", "wiki", a => a.State == AppStates.Running && a.OpType == OpType.Resume);

        Assert.That((await (await client.SendJsonAsync(HttpMethod.Post, "/apps/restart", new JsonObject { ["source"] = "upload" })).ReadEnvelopeAsync(HttpStatusCode.BadRequest)).Message(),
            Is.EqualTo("AppName cannot be empty"));
        Assert.That((await (await client.SendJsonAsync(HttpMethod.Post, "/apps/restart", new JsonObject { ["app_name"] = "ghost", ["source"] = "upload" })).ReadEnvelopeAsync(HttpStatusCode.NotFound)).Message(),
            Is.EqualTo("App ghost is not installed"));
        var badBinding = new JsonObject { ["app_name"] = "wiki", ["source"] = "upload", ["computeBinding"] = new JsonArray(new JsonObject { ["nodeName"] = "node-1" }) };
        Assert.That((await (await client.SendJsonAsync(HttpMethod.Post, "/apps/restart", badBinding)).ReadEnvelopeAsync(HttpStatusCode.BadRequest)).Message(),
            Is.EqualTo("computeBinding items need nodeName and deviceId"));
    }

    [Test]
    public async Task Stop_and_resume_take_the_newer_bodies_and_the_old_appName()
    {
        using var client = await InstalledAsync("cara", "radio");

        await (await client.SendJsonAsync(HttpMethod.Post, "/apps/stop", new JsonObject { ["app_name"] = "radio", ["source"] = "upload", ["all"] = true })).ReadEnvelopeAsync(HttpStatusCode.OK);
        await AppTestKit.WaitForAppAsync(_factory, "cara", "radio", a => a.State == AppStates.Stopped);
        var binding = new JsonArray(new JsonObject { ["nodeName"] = "node-1", ["deviceId"] = "GPU-0", ["memory"] = 8L * 1024 * 1024 * 1024 });
        var resume = await (await client.SendJsonAsync(HttpMethod.Post, "/apps/resume", new JsonObject { ["app_name"] = "radio", ["source"] = "upload", ["computeBinding"] = binding }))
            .ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(resume.Message(), Is.EqualTo("Application resumed successfully"));
        await AppTestKit.WaitForAppAsync(_factory, "cara", "radio", a => a.State == AppStates.Running);

        await (await client.SendJsonAsync(HttpMethod.Post, "/apps/stop", new JsonObject { ["appName"] = "radio" })).ReadEnvelopeAsync(HttpStatusCode.OK);
        await AppTestKit.WaitForAppAsync(_factory, "cara", "radio", a => a.State == AppStates.Stopped);
        await (await client.SendJsonAsync(HttpMethod.Post, "/apps/resume", new JsonObject { ["appName"] = "radio" })).ReadEnvelopeAsync(HttpStatusCode.OK);
        await AppTestKit.WaitForAppAsync(_factory, "cara", "radio", a => a.State == AppStates.Running);
    }

    [Test]
    public async Task Uninstall_in_the_newer_shape_uses_the_installed_version_and_the_old_shape_still_needs_one()
    {
        using var client = await InstalledAsync("dina", "forum");

        var old = await (await client.SendJsonAsync(HttpMethod.Delete, "/apps/forum", new JsonObject { ["sync"] = true, ["all"] = false })).ReadEnvelopeAsync(HttpStatusCode.BadRequest);
        Assert.That(old.Message(), Is.EqualTo("Missing required field: version"));

        var newer = await (await client.SendJsonAsync(HttpMethod.Delete, "/apps/forum",
            new JsonObject { ["app_name"] = "forum", ["source"] = "upload", ["sync"] = true, ["all"] = false, ["deleteData"] = false })).ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(newer["data"]!["operation"]!.GetValue<string>(), Is.EqualTo("uninstall"));
        await AppTestKit.WaitForAppAsync(_factory, "dina", "forum", a => a.State == AppStates.Uninstalled);

        var gone = await (await client.SendJsonAsync(HttpMethod.Delete, "/apps/forum", new JsonObject { ["app_name"] = "forum", ["source"] = "upload", ["sync"] = true }))
            .ReadEnvelopeAsync(HttpStatusCode.NotFound);
        Assert.That(gone.Message(), Is.EqualTo("App forum is not installed"));
    }

    [Test]
    public async Task Cancel_in_the_newer_shape_names_the_app_and_answers_404_when_nothing_is_cancelable()
    {
        using var client = await InstalledAsync("elif", "chat");

        var noName = await (await client.SendJsonAsync(HttpMethod.Delete, "/apps/chat/install", new JsonObject { ["source"] = "upload", ["sync"] = true }))
            .ReadEnvelopeAsync(HttpStatusCode.BadRequest);
        Assert.That(noName.Message(), Is.EqualTo("Missing required fields: app_name is required"));

        var settled = await (await client.SendJsonAsync(HttpMethod.Delete, "/apps/chat/install",
            new JsonObject { ["app_name"] = "chat", ["source"] = "upload", ["sync"] = true, ["version"] = "1.0.0" })).ReadEnvelopeAsync(HttpStatusCode.NotFound);
        Assert.That(settled.Message(), Is.EqualTo("App not found or current state does not allow operation"));
        var unknown = await (await client.SendJsonAsync(HttpMethod.Delete, "/apps/ghost/install", new JsonObject { ["app_name"] = "ghost", ["source"] = "upload" }))
            .ReadEnvelopeAsync(HttpStatusCode.NotFound);
        Assert.That(unknown.Message(), Is.EqualTo("App not found or current state does not allow operation"));

        var old = await (await client.SendJsonAsync(HttpMethod.Delete, "/apps/chat/install", new JsonObject { ["sync"] = true })).ReadEnvelopeAsync(HttpStatusCode.Conflict);
        Assert.That(old.Message(), Is.EqualTo("No installation of app chat is in progress"), "the original's body keeps its answer");
    }

    [Test]
    public async Task An_app_with_several_compute_modes_asks_for_one_with_its_plans_and_installs_with_the_choice()
    {
        using var client = _factory.CreateUserClient("fynn");
        await AppTestKit.AddCatalogAppAsync(_factory, "llm", entryExtras: AppTestKit.Accelerators("cpu", "nvidia"));

        var asked = await (await client.SendJsonAsync(HttpMethod.Post, "/apps/llm/install", AppTestKit.InstallBody("llm")))
            .ReadEnvelopeAsync(HttpStatusCode.UnprocessableEntity);

        var backend = asked["data"]!["backend_response"]!;
        Assert.That(backend["code"]!.GetValue<int>(), Is.EqualTo(422));
        Assert.That(backend["data"]!["type"]!.GetValue<string>(), Is.EqualTo("computeModeSelect"));
        Assert.That(backend["data"]!["Data"]!.AsArray().Select(p => p!["computeType"]!.GetValue<string>()), Is.EqualTo(new[] { "cpu", "nvidia" }));
        Assert.That(backend["data"]!["Data"]![0]!["status"]!.GetValue<string>(), Is.EqualTo("installable"));

        var chosen = AppTestKit.InstallBody("llm");
        chosen["selectedGpuType"] = "nvidia";
        await (await client.SendJsonAsync(HttpMethod.Post, "/apps/llm/install", chosen)).ReadEnvelopeAsync(HttpStatusCode.OK);
        await AppTestKit.WaitForAppAsync(_factory, "fynn", "llm", a => a.State == AppStates.Running);
    }

    [Test]
    public async Task A_template_app_is_cloned_with_templateClone_without_being_installed()
    {
        using var client = _factory.CreateUserClient("gus");
        var options = new JsonObject { ["options"] = new JsonObject { ["templateOnly"] = true, ["allowMultipleInstall"] = true } };
        await AppTestKit.AddCatalogAppAsync(_factory, "agent", entryExtras: options);
        var body = new JsonObject { ["source"] = "upload", ["app_name"] = "agent", ["title"] = "Research", ["sync"] = true };

        var refused = await (await client.SendJsonAsync(HttpMethod.Post, "/apps/agent/clone", body)).ReadEnvelopeAsync(HttpStatusCode.NotFound);
        Assert.That(refused.Message(), Is.EqualTo("Original app agent is not installed in source upload"), "without templateClone the original rule holds");

        body["templateClone"] = true;
        var clone = await (await client.SendJsonAsync(HttpMethod.Post, "/apps/agent/clone", body)).ReadEnvelopeAsync(HttpStatusCode.OK);
        var name = clone["data"]!["app_name"]!.GetValue<string>();
        Assert.That(name, Does.StartWith("agent").And.Not.EqualTo("agent"));
        var app = await AppTestKit.WaitForAppAsync(_factory, "gus", name, a => a.State == AppStates.Running);
        Assert.That((app.Title, app.InstalledVersion, app.RawAppName), Is.EqualTo(("Research", "1.0.0", "agent")));
        Assert.That(await AppTestKit.ReadAppAsync(_factory, "gus", "agent"), Is.Null.Or.Property(nameof(UserApp.IsInstalled)).False, "the template itself stays uninstalled");
    }

    private async Task<HttpClient> InstalledAsync(string user, string app)
    {
        var client = _factory.CreateUserClient(user);
        await AppTestKit.AddCatalogAppAsync(_factory, app);
        await (await client.SendJsonAsync(HttpMethod.Post, $"/apps/{app}/install", AppTestKit.InstallBody(app))).ReadEnvelopeAsync(HttpStatusCode.OK);
        await AppTestKit.WaitForAppAsync(_factory, user, app, a => a.State == AppStates.Running);
        return client;
    }
}
