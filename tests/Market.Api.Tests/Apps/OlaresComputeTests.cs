using System.Net;
using System.Text.Json.Nodes;
using Market.Api.Tests.Infrastructure;
using Market.Domain.Apps;

namespace Market.Api.Tests.Apps;

/// <summary>
/// The compute choice of 1.12.6+ clients through the Olares adapter (newer-clients §5): <c>selectedGpuType</c> and
/// <c>computeBinding</c> reach app-service, its 422 failed checks reach the caller, and restart is suspend then resume.
/// </summary>
[NonParallelizable]
public sealed class OlaresComputeTests
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
        });
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _factory.Dispose();
        await _appService.DisposeAsync();
    }

    [TearDown]
    public void Reset()
    {
        _appService.RunnableModes.Clear();
        _appService.ResumeBindingCheck = null;
    }

    [Test]
    public async Task Install_and_clone_pass_selectedGpuType_and_leave_it_out_when_empty()
    {
        using var client = _factory.CreateUserClient("hana");
        await AppTestKit.AddCatalogAppAsync(_factory, "plain");
        await AppTestKit.AddCatalogAppAsync(_factory, "vision", entryExtras: AppTestKit.Accelerators("cpu", "nvidia"));

        await (await client.SendJsonAsync(HttpMethod.Post, "/apps/plain/install", AppTestKit.InstallBody("plain"))).ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(_appService.Requests.Last(r => r.App == "plain" && r.Operation == "install").Json!.ContainsKey("selectedGpuType"), Is.False);

        var install = AppTestKit.InstallBody("vision");
        install["selectedGpuType"] = "nvidia";
        await (await client.SendJsonAsync(HttpMethod.Post, "/apps/vision/install", install)).ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(_appService.Requests.Last(r => r.App == "vision" && r.Operation == "install").Json!["selectedGpuType"]!.GetValue<string>(), Is.EqualTo("nvidia"));
        await AppTestKit.WaitForAppAsync(_factory, "hana", "vision", a => a.State == AppStates.Running);

        var clone = new JsonObject { ["source"] = "upload", ["app_name"] = "vision", ["title"] = "Second", ["sync"] = true, ["selectedGpuType"] = "cpu" };
        var cloned = await (await client.SendJsonAsync(HttpMethod.Post, "/apps/vision/clone", clone)).ReadEnvelopeAsync(HttpStatusCode.OK);
        var name = cloned["data"]!["app_name"]!.GetValue<string>();
        Assert.That(_appService.Requests.Last(r => r.App == name && r.Operation == "install").Json!["selectedGpuType"]!.GetValue<string>(), Is.EqualTo("cpu"));
    }

    [Test]
    public async Task A_422_computeModeSelect_reaches_the_caller_with_its_plans_and_the_retry_with_a_mode_installs()
    {
        using var client = _factory.CreateUserClient("ivo");
        await AppTestKit.AddCatalogAppAsync(_factory, "comfy");
        _appService.RunnableModes.AddRange(["cpu", "nvidia"]);

        var asked = await (await client.SendJsonAsync(HttpMethod.Post, "/apps/comfy/install", AppTestKit.InstallBody("comfy"))).ReadEnvelopeAsync(HttpStatusCode.UnprocessableEntity);

        var check = asked["data"]!["backend_response"]!["data"]!;
        Assert.That(check["type"]!.GetValue<string>(), Is.EqualTo("computeModeSelect"));
        Assert.That(check["Data"]!.AsArray().Select(p => p!["computeType"]!.GetValue<string>()), Is.EqualTo(new[] { "cpu", "nvidia" }));

        var retry = AppTestKit.InstallBody("comfy");
        retry["selectedGpuType"] = "cpu";
        await (await client.SendJsonAsync(HttpMethod.Post, "/apps/comfy/install", retry)).ReadEnvelopeAsync(HttpStatusCode.OK);
        await AppTestKit.WaitForAppAsync(_factory, "ivo", "comfy", a => a.State == AppStates.Running);
    }

    [TestCase("computeBindingRequired")]
    [TestCase("computeBindingUnavailable")]
    public async Task Resume_relays_the_binding_failed_check_and_passes_computeBinding(string check)
    {
        var user = "jo" + check.Length;
        using var client = await StoppedAsync(user, "gpuapp" + check.Length);
        var app = "gpuapp" + check.Length;
        _appService.ResumeBindingCheck = check;

        var asked = await (await client.SendJsonAsync(HttpMethod.Post, "/apps/resume", new JsonObject { ["app_name"] = app, ["source"] = "upload" }))
            .ReadEnvelopeAsync(HttpStatusCode.UnprocessableEntity);
        var failed = asked["data"]!["backend_response"]!["data"]!;
        Assert.That(failed["type"]!.GetValue<string>(), Is.EqualTo(check));
        Assert.That(failed["Data"]!["availability"]!["nodes"]![0]!["devices"]![0]!["deviceId"]!.GetValue<string>(), Is.EqualTo("GPU-0"));
        Assert.That(_appService.Requests.Last(r => r.App == app && r.Operation == "resume").Body, Is.Empty, "no binding, no body (as before)");
        Assert.That((await AppTestKit.ReadAppAsync(_factory, user, app))!.State, Is.EqualTo(AppStates.Stopped), "a refused resume leaves the app as it was");

        var binding = new JsonArray(new JsonObject { ["nodeName"] = "node-1", ["deviceId"] = "GPU-0", ["memory"] = 8589934592L });
        await (await client.SendJsonAsync(HttpMethod.Post, "/apps/resume", new JsonObject { ["app_name"] = app, ["source"] = "upload", ["computeBinding"] = binding }))
            .ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(_appService.Requests.Last(r => r.App == app && r.Operation == "resume").Json!.ToJsonString(),
            Is.EqualTo("{\"computeBinding\":[{\"nodeName\":\"node-1\",\"deviceId\":\"GPU-0\",\"memory\":8589934592}]}"));
        await AppTestKit.WaitForAppAsync(_factory, user, app, a => a.State == AppStates.Running);
    }

    [Test]
    public async Task Restart_suspends_waits_for_stopped_and_resumes_with_the_binding()
    {
        using var client = _factory.CreateUserClient("kai");
        await AppTestKit.AddCatalogAppAsync(_factory, "render");
        await (await client.SendJsonAsync(HttpMethod.Post, "/apps/render/install", AppTestKit.InstallBody("render"))).ReadEnvelopeAsync(HttpStatusCode.OK);
        var before = (await AppTestKit.WaitForAppAsync(_factory, "kai", "render", a => a.State == AppStates.Running)).StateTime;
        var binding = new JsonArray(new JsonObject { ["nodeName"] = "node-1", ["deviceId"] = "GPU-1" });

        var restart = await (await client.SendJsonAsync(HttpMethod.Post, "/apps/restart", new JsonObject { ["app_name"] = "render", ["source"] = "upload", ["computeBinding"] = binding }))
            .ReadEnvelopeAsync(HttpStatusCode.OK);

        Assert.That(restart.Message(), Is.EqualTo("Application restarted successfully"));
        var operations = _appService.Requests.Where(r => r.App == "render").Select(r => r.Operation).ToList();
        Assert.That(operations.SkipWhile(o => o != "suspend"), Is.EqualTo(new[] { "suspend", "resume" }));
        Assert.That(_appService.Requests.Last(r => r.App == "render" && r.Operation == "resume").Json!.ToJsonString(),
            Is.EqualTo("{\"computeBinding\":[{\"nodeName\":\"node-1\",\"deviceId\":\"GPU-1\"}]}"));
        var app = await AppTestKit.WaitForAppAsync(_factory, "kai", "render", a => a.State == AppStates.Running && a.OpType == OpType.Resume);
        Assert.That(app.StateTime, Is.GreaterThan(before));
    }

    [Test]
    public async Task Restart_relays_a_binding_failed_check_and_leaves_the_app_stopped_for_the_retry()
    {
        using var client = _factory.CreateUserClient("lea");
        await AppTestKit.AddCatalogAppAsync(_factory, "trainer");
        await (await client.SendJsonAsync(HttpMethod.Post, "/apps/trainer/install", AppTestKit.InstallBody("trainer"))).ReadEnvelopeAsync(HttpStatusCode.OK);
        await AppTestKit.WaitForAppAsync(_factory, "lea", "trainer", a => a.State == AppStates.Running);
        _appService.ResumeBindingCheck = "computeBindingRequired";

        var asked = await (await client.SendJsonAsync(HttpMethod.Post, "/apps/restart", new JsonObject { ["app_name"] = "trainer", ["source"] = "upload" }))
            .ReadEnvelopeAsync(HttpStatusCode.UnprocessableEntity);
        Assert.That(asked["data"]!["backend_response"]!["data"]!["type"]!.GetValue<string>(), Is.EqualTo("computeBindingRequired"));
        Assert.That((await AppTestKit.ReadAppAsync(_factory, "lea", "trainer"))!.State, Is.EqualTo(AppStates.Stopped));

        var binding = new JsonArray(new JsonObject { ["nodeName"] = "node-1", ["deviceId"] = "GPU-0" });
        await (await client.SendJsonAsync(HttpMethod.Post, "/apps/restart", new JsonObject { ["app_name"] = "trainer", ["source"] = "upload", ["computeBinding"] = binding }))
            .ReadEnvelopeAsync(HttpStatusCode.OK);
        await AppTestKit.WaitForAppAsync(_factory, "lea", "trainer", a => a.State == AppStates.Running && a.OpType == OpType.Resume);
    }

    [Test]
    public async Task Cancel_in_the_newer_shape_cancels_the_install_in_progress()
    {
        using var client = _factory.CreateUserClient("mia");
        await AppTestKit.AddCatalogAppAsync(_factory, "dataset");
        await (await client.SendJsonAsync(HttpMethod.Post, "/apps/dataset/install", AppTestKit.InstallBody("dataset"))).ReadEnvelopeAsync(HttpStatusCode.OK);

        var cancel = await (await client.SendJsonAsync(HttpMethod.Delete, "/apps/dataset/install",
            new JsonObject { ["app_name"] = "dataset", ["source"] = "upload", ["sync"] = true, ["version"] = "1.0.0" })).ReadEnvelopeAsync(HttpStatusCode.OK);

        Assert.That(cancel.Message(), Is.EqualTo("App installation cancellation completed successfully"));
        await AppTestKit.WaitForAppAsync(_factory, "mia", "dataset", a => a.State.EndsWith("Canceled", StringComparison.Ordinal));
    }

    private async Task<HttpClient> StoppedAsync(string user, string app)
    {
        var client = _factory.CreateUserClient(user);
        await AppTestKit.AddCatalogAppAsync(_factory, app);
        await (await client.SendJsonAsync(HttpMethod.Post, $"/apps/{app}/install", AppTestKit.InstallBody(app))).ReadEnvelopeAsync(HttpStatusCode.OK);
        await AppTestKit.WaitForAppAsync(_factory, user, app, a => a.State == AppStates.Running);
        await (await client.SendJsonAsync(HttpMethod.Post, "/apps/stop", new JsonObject { ["app_name"] = app, ["source"] = "upload", ["all"] = false })).ReadEnvelopeAsync(HttpStatusCode.OK);
        await AppTestKit.WaitForAppAsync(_factory, user, app, a => a.State == AppStates.Stopped);
        return client;
    }
}
