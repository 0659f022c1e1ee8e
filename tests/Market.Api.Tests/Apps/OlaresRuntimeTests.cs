using Market.Application.Apps.Models;
using System.Text.Json;
using System.Net;
using System.Text.Json.Nodes;
using Market.Api.Tests.Infrastructure;
using Market.Domain.Apps;

namespace Market.Api.Tests.Apps;

/// <summary>The Olares adapter against an in-process app-service speaking its protocol.</summary>
[NonParallelizable]
public sealed class OlaresRuntimeTests
{
    private FakeAppService _appService = null!;
    private MarketApiFactory _factory = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _appService = await FakeAppService.StartAsync(TimeSpan.FromMilliseconds(300));
        _factory = new MarketApiFactory(new Dictionary<string, string?>
        {
            ["Market:Runtime:Provider"] = "Olares",
            ["Market:Runtime:Olares:AppServiceUrl"] = _appService.Url,
            ["Market:Runtime:Olares:PollIntervalMs"] = "50",
            ["Market:Runtime:Olares:RepoUrl"] = "http://chart-repo:82/",
        });
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _factory.Dispose();
        await _appService.DisposeAsync();
    }

    [Test]
    public async Task Install_sends_the_app_service_request_and_follows_its_state_to_running()
    {
        using var client = _factory.CreateUserClient("alice");
        await AppTestKit.AddCatalogAppAsync(_factory, "ollama");

        var envelope = await (await client.SendJsonAsync(HttpMethod.Post, "/apps/ollama/install", AppTestKit.InstallBody("ollama",
            envs: [new JsonObject { ["envName"] = "MODEL", ["value"] = "llama3" }, new JsonObject { ["envName"] = "EMAIL", ["valueFrom"] = new JsonObject { ["envName"] = "OLARES_USER_EMAIL" } }])))
            .ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(envelope["data"]!["opID"]!.GetValue<string>(), Does.StartWith("op-"));

        var request = _appService.Requests.Single(r => r.App == "ollama" && r.Operation == "install");
        Assert.That(request.Headers["X-Bfl-User"], Is.EqualTo("alice"));
        Assert.That(request.Headers["X-Market-User"], Is.EqualTo("alice"));
        Assert.That(request.Headers["X-Market-Source"], Is.EqualTo("upload"));
        Assert.That(request.Headers["Accept"], Is.EqualTo("*/*"));
        Assert.That(request.ContentType, Does.StartWith("application/json"));
        var body = request.Json!;
        Assert.That(body["repoUrl"]!.GetValue<string>(), Is.EqualTo("http://chart-repo:82/"));
        Assert.That(body["source"]!.GetValue<string>(), Is.EqualTo("custom"));
        Assert.That(body["x_market_user"]!.GetValue<string>(), Is.EqualTo("alice"));
        Assert.That(body["x_market_source"]!.GetValue<string>(), Is.EqualTo("upload"));
        Assert.That(body["envs"]!.ToJsonString(), Is.EqualTo("[{\"envName\":\"MODEL\",\"value\":\"llama3\"},{\"envName\":\"EMAIL\",\"valueFrom\":{\"envName\":\"OLARES_USER_EMAIL\"}}]"));
        Assert.That(body.ContainsKey("version"), Is.False, "install sends no version, like the original");

        var app = await AppTestKit.WaitForAppAsync(_factory, "alice", "ollama", a => a.State == AppStates.Running && a.InstalledVersion == "1.0.0");
        Assert.That(JsonSerializer.SerializeToNode(app.ToDto().Status.EntranceStatuses)![0]!["state"]!.GetValue<string>(), Is.EqualTo("running"));
        Assert.That(_appService.Submissions("install", "ollama"), Is.EqualTo(1));
    }

    [Test]
    public async Task A_422_appenv_refusal_reaches_the_caller_with_the_backend_response()
    {
        using var client = _factory.CreateUserClient("bruno");
        await AppTestKit.AddCatalogAppAsync(_factory, "needsenv");
        _appService.RequiredEnvs.Add("LICENSE_KEY");
        try
        {
            var envelope = await (await client.SendJsonAsync(HttpMethod.Post, "/apps/needsenv/install", AppTestKit.InstallBody("needsenv")))
                .ReadEnvelopeAsync(HttpStatusCode.InternalServerError);

            Assert.That(envelope.Message(), Is.EqualTo("Installation failed: appservice: install code=422: app env invalid"));
            var backend = envelope["data"]!["backend_response"]!;
            Assert.That(backend["code"]!.GetValue<int>(), Is.EqualTo(422));
            Assert.That(backend["data"]!["type"]!.GetValue<string>(), Is.EqualTo("appenv"));
            Assert.That(backend["data"]!["Data"]!["missingValues"]![0]!["envName"]!.GetValue<string>(), Is.EqualTo("LICENSE_KEY"));
            Assert.That((await AppTestKit.ReadAppAsync(_factory, "bruno", "needsenv"))!.State, Is.EqualTo(AppStates.InstallFailed));
            Assert.That(_appService.Submissions("install", "needsenv"), Is.EqualTo(1), "a 4xx is not retried");
        }
        finally
        {
            _appService.RequiredEnvs.Clear();
        }
    }

    [Test]
    public async Task An_unavailable_app_service_is_retried_and_the_install_then_succeeds()
    {
        using var client = _factory.CreateUserClient("chloe");
        await AppTestKit.AddCatalogAppAsync(_factory, "flaky");
        _appService.NextAnswers.Enqueue((503, "upstream connect error"));

        var envelope = await (await client.SendJsonAsync(HttpMethod.Post, "/apps/flaky/install", AppTestKit.InstallBody("flaky", sync: false))).ReadEnvelopeAsync(HttpStatusCode.OK);
        var task = await client.WaitForTaskAsync(envelope.TaskId());

        Assert.That(task["status"]!.GetValue<string>(), Is.EqualTo("completed"));
        Assert.That(task["attempts"]!.GetValue<int>(), Is.EqualTo(2));
        Assert.That(_appService.Submissions("install", "flaky"), Is.EqualTo(2));
    }

    [Test]
    public async Task A_plain_401_fails_at_once_with_the_original_error()
    {
        using var client = _factory.CreateUserClient("dora");
        await AppTestKit.AddCatalogAppAsync(_factory, "locked");
        _appService.NextAnswers.Enqueue((401, string.Empty));

        var envelope = await (await client.SendJsonAsync(HttpMethod.Post, "/apps/locked/install", AppTestKit.InstallBody("locked"))).ReadEnvelopeAsync(HttpStatusCode.InternalServerError);

        Assert.That(envelope.Message(), Is.EqualTo("Installation failed: appservice: unauthorized"));
        Assert.That(envelope["data"]!.AsObject().ContainsKey("backend_response"), Is.False);
    }

    [Test]
    public async Task Stop_resume_upgrade_and_uninstall_use_the_app_service_endpoints()
    {
        using var client = _factory.CreateUserClient("eddy");
        await AppTestKit.AddCatalogAppAsync(_factory, "lamp");
        await (await client.SendJsonAsync(HttpMethod.Post, "/apps/lamp/install", AppTestKit.InstallBody("lamp"))).ReadEnvelopeAsync(HttpStatusCode.OK);
        await AppTestKit.WaitForAppAsync(_factory, "eddy", "lamp", a => a.State == AppStates.Running && a.InstalledVersion.Length > 0);

        var stop = await (await client.SendJsonAsync(HttpMethod.Post, "/apps/stop", new JsonObject { ["appName"] = "lamp", ["all"] = true })).ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(JsonNode.Parse(stop["data"]!["result"]!.GetValue<string>())!["data"]!["opID"], Is.Not.Null);
        var suspend = _appService.Requests.Last(r => r.App == "lamp" && r.Operation == "suspend");
        Assert.That(suspend.Body, Is.EqualTo("{\"all\":true}"));
        Assert.That(suspend.Headers.ContainsKey("X-Market-User"), Is.False);
        await AppTestKit.WaitForAppAsync(_factory, "eddy", "lamp", a => a.State == AppStates.Stopped);

        await (await client.SendJsonAsync(HttpMethod.Post, "/apps/resume", new JsonObject { ["appName"] = "lamp" })).ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(_appService.Requests.Last(r => r.App == "lamp" && r.Operation == "resume").Body, Is.Empty);
        await AppTestKit.WaitForAppAsync(_factory, "eddy", "lamp", a => a.State == AppStates.Running);

        await AppTestKit.AddCatalogAppAsync(_factory, "lamp", version: "1.1.0");
        await (await client.SendJsonAsync(HttpMethod.Put, "/apps/lamp/upgrade", AppTestKit.InstallBody("lamp", "1.1.0"))).ReadEnvelopeAsync(HttpStatusCode.OK);
        var upgrade = _appService.Requests.Last(r => r.App == "lamp" && r.Operation == "upgrade").Json!;
        Assert.That(upgrade["version"]!.GetValue<string>(), Is.EqualTo("1.1.0"));
        Assert.That(upgrade["repoUrl"]!.GetValue<string>(), Is.EqualTo("http://chart-repo:82/"));
        await AppTestKit.WaitForAppAsync(_factory, "eddy", "lamp", a => a.State == AppStates.Running && a.InstalledVersion == "1.1.0");

        await (await client.SendJsonAsync(HttpMethod.Delete, "/apps/lamp", new JsonObject { ["version"] = "1.1.0", ["sync"] = true })).ReadEnvelopeAsync(HttpStatusCode.OK);
        var uninstall = _appService.Requests.Last(r => r.App == "lamp" && r.Operation == "uninstall");
        Assert.That(uninstall.Body, Is.EqualTo("{\"all\":false,\"deleteData\":false}"));
        await AppTestKit.WaitForAppAsync(_factory, "eddy", "lamp", a => a.State == AppStates.Uninstalled);
    }

    [Test]
    public async Task Cancel_posts_cancel_operate_without_a_body_and_ends_the_install_canceled()
    {
        using var client = _factory.CreateUserClient("fred");
        await AppTestKit.AddCatalogAppAsync(_factory, "bigmodel");
        await (await client.SendJsonAsync(HttpMethod.Post, "/apps/bigmodel/install", AppTestKit.InstallBody("bigmodel"))).ReadEnvelopeAsync(HttpStatusCode.OK);

        var cancel = await (await client.SendJsonAsync(HttpMethod.Delete, "/apps/bigmodel/install", new JsonObject { ["sync"] = true })).ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(cancel.Message(), Is.EqualTo("App installation cancellation completed successfully"));
        var request = _appService.Requests.Single(r => r.App == "bigmodel" && r.Operation == "cancel");
        Assert.That((request.Query, request.Body), Is.EqualTo(("?type=operate", string.Empty)));
        Assert.That(request.ContentType, Does.StartWith("application/json"));

        var app = await AppTestKit.WaitForAppAsync(_factory, "fred", "bigmodel", a => a.State.EndsWith("Canceled", StringComparison.Ordinal));
        Assert.That(app.InstalledVersion, Is.Empty);
        var installTask = await client.WaitForTaskAsync(await LatestTaskAsync(client, "install"));
        Assert.That(installTask["status"]!.GetValue<string>(), Is.EqualTo("canceled"));
    }

    [Test]
    public async Task Cancel_of_an_upgrade_posts_cancel_operate_and_the_app_is_stopped_on_the_previous_version()
    {
        using var client = _factory.CreateUserClient("gina");
        await AppTestKit.AddCatalogAppAsync(_factory, "bigvision");
        var install = await (await client.SendJsonAsync(HttpMethod.Post, "/apps/bigvision/install", AppTestKit.InstallBody("bigvision", sync: false))).ReadEnvelopeAsync(HttpStatusCode.OK);
        await client.WaitForTaskAsync(install.TaskId());
        await AppTestKit.AddCatalogAppAsync(_factory, "bigvision", version: "2.0.0");
        var upgrade = await (await client.SendJsonAsync(HttpMethod.Put, "/apps/bigvision/upgrade", AppTestKit.InstallBody("bigvision", "2.0.0", sync: false))).ReadEnvelopeAsync(HttpStatusCode.OK);
        await AppTestKit.WaitForAppAsync(_factory, "gina", "bigvision", a => a.State == AppStates.Upgrading);

        var body = new JsonObject { ["app_name"] = "bigvision", ["source"] = "upload", ["version"] = "2.0.0" };
        var cancel = await (await client.SendJsonAsync(HttpMethod.Delete, "/apps/bigvision/install", body)).ReadEnvelopeAsync(HttpStatusCode.OK);

        Assert.That((await client.WaitForTaskAsync(cancel.TaskId()))["status"]!.GetValue<string>(), Is.EqualTo("completed"));
        var request = _appService.Requests.Single(r => r.App == "bigvision" && r.Operation == "cancel");
        Assert.That((request.Query, request.Body), Is.EqualTo(("?type=operate", string.Empty)));
        Assert.That((await client.WaitForTaskAsync(upgrade.TaskId()))["status"]!.GetValue<string>(), Is.EqualTo("canceled"));
        var app = await AppTestKit.WaitForAppAsync(_factory, "gina", "bigvision", a => !AppStateMachine.IsBusy(a.State));
        Assert.That((app.State, app.InstalledVersion, app.Reason, app.OpType), Is.EqualTo((AppStates.Stopped, "1.0.0", "upgradeCancelByUser", OpType.Cancel)));
    }

    private static async Task<string> LatestTaskAsync(HttpClient client, string type)
    {
        var list = await (await client.GetAsync($"{AppTestKit.Base}/tasks?app=bigmodel")).ReadEnvelopeAsync(HttpStatusCode.OK);
        return list["data"]!["tasks"]!.AsArray().First(t => t!["type"]!.GetValue<string>() == type)!["task_id"]!.GetValue<string>();
    }
}
