using System.Net;
using System.Text.Json.Nodes;
using Market.Api.Tests.Infrastructure;
using Market.Application.Common.Platform;
using Market.Domain.Apps;

namespace Market.Api.Tests.Apps;

/// <summary><c>POST /apps/{id}/preflight</c> and the same checks refusing install and clone (issue 18's "Done when").</summary>
[NonParallelizable]
public sealed class PreflightTests
{
    private MarketApiFactory _factory = null!;

    [OneTimeSetUp]
    public void Start() => _factory = new MarketApiFactory();

    [OneTimeTearDown]
    public void Stop() => _factory.Dispose();

    private static string OtherArchitecture => HostArchitecture.Current == "arm64" ? "amd64" : "arm64";

    private static IEnumerable<TestCaseData> Blocked()
    {
        yield return new TestCaseData("armonly", new JsonObject { ["supportArch"] = new JsonArray(OtherArchitecture) }, "arch_unsupported", $"runs on {OtherArchitecture} only");
        yield return new TestCaseData("hungry", new JsonObject { ["requiredMemory"] = "4096Ti" }, "insufficient_memory", "The app needs 4 PiB of memory");
        yield return new TestCaseData("future", Dependencies(new JsonObject { ["name"] = "olares", ["type"] = "system", ["version"] = ">=99.0.0-0" }), "olares_version", "99.0.0");
        yield return new TestCaseData("diskhog", new JsonObject { ["requiredDisk"] = "4096Ti" }, "disk_full", "of disk");
        yield return new TestCaseData("cpuhog", new JsonObject { ["requiredCpu"] = "100000" }, "insufficient_cpu", "of CPU");
        yield return new TestCaseData("gpuonly", new JsonObject { ["requiredGpu"] = "1" }, "gpu_unavailable", "needs a GPU");
        yield return new TestCaseData("needsdb", Dependencies(new JsonObject { ["name"] = "mariadb", ["type"] = "application", ["version"] = ">=1.0.0", ["mandatory"] = true }), "dependency_missing", "Install mariadb first");
        yield return new TestCaseData("adminapp", new JsonObject { ["onlyAdmin"] = true }, "admin_only", "can only be installed by an administrator");
    }

    [TestCaseSource(nameof(Blocked))]
    public async Task A_blocked_app_is_not_installable_and_its_install_is_refused_with_422_naming_the_blocker(string app, JsonObject extras, string code, string message)
    {
        using var client = _factory.CreateUserClient("pf-" + app);
        await AppTestKit.AddCatalogAppAsync(_factory, app, entryExtras: extras);

        var report = (await (await client.SendJsonAsync(HttpMethod.Post, $"/apps/{app}/preflight", AppTestKit.InstallBody(app))).ReadEnvelopeAsync(HttpStatusCode.OK))["data"]!;
        Assert.That(report["installable"]!.GetValue<bool>(), Is.False);
        var blocker = report["blockers"]!.AsArray().Single()!;
        Assert.That(blocker["code"]!.GetValue<string>(), Is.EqualTo(code));
        Assert.That(blocker["message"]!.GetValue<string>(), Does.Contain(message));

        var refused = await (await client.SendJsonAsync(HttpMethod.Post, $"/apps/{app}/install", AppTestKit.InstallBody(app))).ReadEnvelopeAsync(HttpStatusCode.UnprocessableEntity);
        Assert.That(refused.Message(), Does.Contain(message));
        if (code == "olares_version")
        {
            // The catalog's own Olares check (issue 16) answers first, with its code and facts.
            Assert.That(refused["code"]!.GetValue<string>(), Is.EqualTo(code));
        }
        else
        {
            Assert.That(refused.Message(), Does.StartWith(code + ": "));
            Assert.That(refused["data"]!["blockers"]!.AsArray().Select(b => b!["code"]!.GetValue<string>()), Is.EqualTo(new[] { code }));
        }
        var tasks = await (await client.GetAsync($"{AppTestKit.Base}/tasks")).ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(tasks["data"]!["tasks"]!.AsArray(), Is.Empty, "nothing was started");
    }

    [Test]
    public async Task A_clean_app_is_installable_with_no_blockers()
    {
        using var client = _factory.CreateUserClient("pf-clean");
        await AppTestKit.AddCatalogAppAsync(_factory, "cleanapp", entryExtras: Dependencies(new JsonObject { ["name"] = "olares", ["type"] = "system", ["version"] = ">=1.10.1-0" }));

        var report = (await (await client.SendJsonAsync(HttpMethod.Post, "/apps/cleanapp/preflight", AppTestKit.InstallBody("cleanapp"))).ReadEnvelopeAsync(HttpStatusCode.OK))["data"]!;

        Assert.That(report["installable"]!.GetValue<bool>(), Is.True);
        Assert.That(report["blockers"]!.AsArray(), Is.Empty);
        Assert.That(report["warnings"]!.AsArray(), Is.Empty);
    }

    [Test]
    public async Task An_admin_may_install_an_admin_only_app()
    {
        using var admin = _factory.CreateUserClient("admin");
        await AppTestKit.AddCatalogAppAsync(_factory, "adminonly", entryExtras: new JsonObject { ["onlyAdmin"] = true });

        var report = (await (await admin.SendJsonAsync(HttpMethod.Post, "/apps/adminonly/preflight", AppTestKit.InstallBody("adminonly"))).ReadEnvelopeAsync(HttpStatusCode.OK))["data"]!;

        Assert.That(report["installable"]!.GetValue<bool>(), Is.True);
        await (await admin.SendJsonAsync(HttpMethod.Post, "/apps/adminonly/install", AppTestKit.InstallBody("adminonly"))).ReadEnvelopeAsync(HttpStatusCode.OK);
    }

    [Test]
    public async Task Env_problems_are_blockers_while_install_keeps_the_runtimes_appenv_answer_and_lists_them()
    {
        using var client = _factory.CreateUserClient("pf-env");
        var envs = new JsonArray
        {
            new JsonObject { ["envName"] = "LEDGERLY_ADMIN_EMAIL", ["type"] = "email", ["required"] = true },
            new JsonObject { ["envName"] = "LEDGERLY_PORT", ["type"] = "int" },
        };
        await AppTestKit.AddCatalogAppAsync(_factory, "ledgerly", envs: envs);
        var body = AppTestKit.InstallBody("ledgerly", envs: [new JsonObject { ["envName"] = "LEDGERLY_PORT", ["value"] = "not-a-number" }]);

        var report = (await (await client.SendJsonAsync(HttpMethod.Post, "/apps/ledgerly/preflight", body)).ReadEnvelopeAsync(HttpStatusCode.OK))["data"]!;
        Assert.That(report["blockers"]!.AsArray().Select(b => (b!["code"]!.GetValue<string>(), b["message"]!.GetValue<string>())), Is.EqualTo(new[]
        {
            ("env_missing", "Set LEDGERLY_ADMIN_EMAIL"),
            ("env_invalid", "LEDGERLY_PORT must be a valid int"),
        }));
        Assert.That(report.ToJsonString(), Does.Not.Contain("not-a-number"), "no env value in an answer");

        var refused = await client.SendJsonAsync(HttpMethod.Post, "/apps/ledgerly/install", body);
        var envelope = await refused.Content.ReadAsStringAsync();
        var data = JsonNode.Parse(envelope)!["data"]!;
        Assert.That(data["backend_response"]!["code"]!.GetValue<int>(), Is.EqualTo(422));
        Assert.That(data["backend_response"]!["data"]!["type"]!.GetValue<string>(), Is.EqualTo("appenv"));
        Assert.That(data["blockers"]!.AsArray().Select(b => b!["code"]!.GetValue<string>()), Is.EqualTo(new[] { "env_missing", "env_invalid" }));
    }

    [Test]
    public async Task An_unbought_paid_app_keeps_its_403_and_lists_the_purchase_blocker()
    {
        using var client = _factory.CreateUserClient("pf-paid");
        await AppTestKit.AddCatalogAppAsync(_factory, "paidapp", priceJson: "{\"paid\":{\"price\":\"5\"}}");

        var report = (await (await client.SendJsonAsync(HttpMethod.Post, "/apps/paidapp/preflight", AppTestKit.InstallBody("paidapp"))).ReadEnvelopeAsync(HttpStatusCode.OK))["data"]!;
        Assert.That(report["blockers"]!.AsArray().Single()!["code"]!.GetValue<string>(), Is.EqualTo("purchase_required"));

        var refused = await (await client.SendJsonAsync(HttpMethod.Post, "/apps/paidapp/install", AppTestKit.InstallBody("paidapp"))).ReadEnvelopeAsync(HttpStatusCode.Forbidden);
        Assert.That(refused.Message(), Is.EqualTo("This app must be purchased before it can be installed"));
        Assert.That(refused["data"]!["blockers"]!.AsArray().Single()!["code"]!.GetValue<string>(), Is.EqualTo("purchase_required"));
    }

    [Test]
    public async Task Compute_mode_conflicts_and_an_installed_app_are_reported()
    {
        using var client = _factory.CreateUserClient("pf-misc");
        await AppTestKit.AddCatalogAppAsync(_factory, "wordpress");
        await client.SendJsonAsync(HttpMethod.Post, "/apps/wordpress/install", AppTestKit.InstallBody("wordpress"));
        await AppTestKit.WaitForAppAsync(_factory, "pf-misc", "wordpress", a => a.State == AppState.Running);
        await AppTestKit.AddCatalogAppAsync(_factory, "multimode", entryExtras: AppTestKit.Accelerators("cpu", "nvidia"));
        await AppTestKit.AddCatalogAppAsync(_factory, "rival", entryExtras: new JsonObject { ["options"] = new JsonObject { ["conflicts"] = new JsonArray(new JsonObject { ["name"] = "wordpress", ["type"] = "application" }) } });

        async Task<string[]> CodesAsync(string app) =>
            (await (await client.SendJsonAsync(HttpMethod.Post, $"/apps/{app}/preflight", AppTestKit.InstallBody(app))).ReadEnvelopeAsync(HttpStatusCode.OK))["data"]!["blockers"]!
                .AsArray().Select(b => b!["code"]!.GetValue<string>()).ToArray();

        Assert.That(await CodesAsync("multimode"), Is.EqualTo(new[] { "compute_mode_required" }));
        Assert.That(await CodesAsync("rival"), Is.EqualTo(new[] { "conflict" }));
        Assert.That(await CodesAsync("wordpress"), Is.EqualTo(new[] { "already_installed" }));
    }

    [Test]
    public async Task A_preflight_without_source_or_name_is_a_clear_400()
    {
        using var client = _factory.CreateUserClient("pf-bad");
        var envelope = await (await client.SendJsonAsync(HttpMethod.Post, "/apps/x/preflight", new JsonObject { ["version"] = "1.0.0" })).ReadEnvelopeAsync(HttpStatusCode.BadRequest);
        Assert.That(envelope.Message(), Is.EqualTo("Missing required fields: source and app_name are required"));
    }

    private static JsonObject Dependencies(params JsonObject[] dependencies) =>
        new() { ["options"] = new JsonObject { ["dependencies"] = new JsonArray(dependencies.Select(d => (JsonNode)d).ToArray()) } };
}
