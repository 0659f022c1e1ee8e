using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Market.Api.Tests.Infrastructure;

namespace Market.Api.Tests.Apps;

/// <summary>
/// Issue 18 end to end: the simulated runtime fails on demand per cause (<c>SIMULATE_FAILURE</c>), and the task says
/// why in plain words with a next step; the app's status message carries the summary; the bundle holds no env value.
/// </summary>
[NonParallelizable]
public sealed class FailureCauseTests
{
    private MarketApiFactory _factory = null!;

    [OneTimeSetUp]
    public void Start() => _factory = new MarketApiFactory(new Dictionary<string, string?>
    {
        ["Market:Tasks:StuckAfterSeconds"] = "1",
        ["Market:Tasks:MaxSubmitAttempts"] = "2",
    });

    [OneTimeTearDown]
    public void Stop() => _factory.Dispose();

    private static IEnumerable<TestCaseData> SimulatedCauses()
    {
        yield return new TestCaseData("disk_full", "disk is full", "Free at least 2.1 GiB of disk, then retry");
        yield return new TestCaseData("image_pull", "container image could not be downloaded", "Check the network connection");
        yield return new TestCaseData("insufficient_memory", "not enough free memory", "Free 4 GiB memory");
        yield return new TestCaseData("insufficient_cpu", "not enough free CPU", "Stop other apps to free CPU");
        yield return new TestCaseData("gpu_unavailable", "no suitable GPU", "Free or add a GPU");
        yield return new TestCaseData("unhealthy", "did not become healthy", "Roll back");
        yield return new TestCaseData("arch_unsupported", "CPU architecture", "supported architecture");
        yield return new TestCaseData("olares_version", "different Olares version", "Upgrade Olares");
        yield return new TestCaseData("dependency_missing", "depends on is not installed", "Install");
        yield return new TestCaseData("conflict", "conflicts with something already installed", "Uninstall the conflicting app");
        yield return new TestCaseData("env_invalid", "invalid value", "Correct SIMULATED_PORT");
        yield return new TestCaseData("runtime_unreachable", "could not be reached", "Check that app-service is running");
        yield return new TestCaseData("timeout", "timed out", "diagnostics bundle");
        yield return new TestCaseData("runtime_refused", "refused by the app runtime", "Read the detail");
        yield return new TestCaseData("unknown", "did not explain", "Download the diagnostics bundle");
    }

    [TestCaseSource(nameof(SimulatedCauses))]
    public async Task A_simulated_failure_is_explained_with_its_cause_a_summary_and_a_next_step(string cause, string summary, string nextStep)
    {
        var app = "f" + cause.Replace("_", string.Empty, StringComparison.Ordinal);
        using var client = _factory.CreateUserClient("u-" + app);
        await AppTestKit.AddCatalogAppAsync(_factory, app);
        // runtime_refused is today's "submit" value and unknown today's "install" value: both keep working.
        var simulated = cause switch { "runtime_refused" => "submit", "unknown" => "install", _ => cause };
        var body = AppTestKit.InstallBody(app, sync: false, envs: [new JsonObject { ["envName"] = "SIMULATE_FAILURE", ["value"] = simulated }]);

        var envelope = await (await client.SendJsonAsync(HttpMethod.Post, $"/apps/{app}/install", body)).ReadEnvelopeAsync(HttpStatusCode.OK);
        var task = await client.WaitForTaskAsync(envelope.TaskId());

        Assert.That(task["status"]!.GetValue<string>(), Is.EqualTo("failed"));
        var failure = task["failure"]!.AsObject();
        Assert.That(failure["cause"]!.GetValue<string>(), Is.EqualTo(cause), failure.ToJsonString());
        Assert.That(failure["summary"]!.GetValue<string>(), Does.Contain(summary));
        Assert.That(failure["next_step"]!.GetValue<string>(), Does.StartWith(nextStep).Or.Contain(nextStep));
        Assert.That(task["timeline"]!.AsArray().Last()!["step"]!.GetValue<string>(), Is.EqualTo(cause == "timeout" ? "timeout" : "failed"));
    }

    [Test]
    public async Task A_disk_full_install_names_the_disk_in_market_state_and_its_bundle_holds_no_env_value()
    {
        const string secret = "hunter2-very-secret";
        const string plain = "plain-value-4711";
        using var client = _factory.CreateUserClient("diskuser");
        await AppTestKit.AddCatalogAppAsync(_factory, "bigapp");
        var envs = new JsonArray
        {
            new JsonObject { ["envName"] = "SIMULATE_FAILURE", ["value"] = "disk_full" },
            new JsonObject { ["envName"] = "DB_PASSWORD", ["value"] = secret },
            new JsonObject { ["envName"] = "GREETING", ["value"] = plain },
        };
        var envelope = await (await client.SendJsonAsync(HttpMethod.Post, "/apps/bigapp/install", AppTestKit.InstallBody("bigapp", sync: false, envs: envs)))
            .ReadEnvelopeAsync(HttpStatusCode.OK);
        var task = await client.WaitForTaskAsync(envelope.TaskId());
        var summary = task["failure"]!["summary"]!.GetValue<string>();
        Assert.That(summary, Is.EqualTo("Installing bigapp failed because the disk is full: it needs 2.1 GiB more."));

        var state = await (await client.GetAsync(AppTestKit.Base + "/market/state")).ReadEnvelopeAsync(HttpStatusCode.OK);
        var status = state["data"]!["user_data"]!["sources"]!["upload"]!["app_state_latest"]!.AsArray()
            .Select(s => s!["status"]!).Single(s => s["name"]!.GetValue<string>() == "bigapp");
        Assert.That(status["state"]!.GetValue<string>(), Is.EqualTo("downloadFailed"));
        Assert.That(status["message"]!.GetValue<string>(), Is.EqualTo(summary));

        var logs = await (await client.GetAsync($"{AppTestKit.Base}/logs?app=bigapp")).ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(logs["data"]!["records"]!.ToJsonString(), Does.Contain("\\u0022cause\\u0022:\\u0022disk_full\\u0022").Or.Contain("disk_full"));

        var response = await client.GetAsync($"{AppTestKit.Base}/tasks/{envelope.TaskId()}/diagnostics");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/gzip"));
        var files = await UnpackAsync(await response.Content.ReadAsByteArrayAsync());
        Assert.That(files.Keys, Is.EquivalentTo(new[] { "task.json", "runtime.json", "app.json", "system-status.json", "market.json", "logs.txt" }));
        Assert.That(JsonNode.Parse(files["task.json"])!["failure"]!["cause"]!.GetValue<string>(), Is.EqualTo("disk_full"));
        Assert.That(files["logs.txt"], Does.Contain(envelope.TaskId()), "the task's own log lines, found by its trace id");
        Assert.That(string.Concat(files.Values), Does.Not.Contain(secret).And.Not.Contain(plain));

        using var stranger = _factory.CreateUserClient("nosy");
        Assert.That((await stranger.GetAsync($"{AppTestKit.Base}/tasks/{envelope.TaskId()}/diagnostics")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        using var admin = _factory.CreateUserClient("admin");
        Assert.That((await admin.GetAsync($"{AppTestKit.Base}/tasks/{envelope.TaskId()}/diagnostics")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    private static async Task<Dictionary<string, string>> UnpackAsync(byte[] bundle)
    {
        var files = new Dictionary<string, string>();
        await using var gzip = new GZipStream(new MemoryStream(bundle), CompressionMode.Decompress);
        await using var tar = new TarReader(gzip);
        while (await tar.GetNextEntryAsync() is { } entry)
        {
            using var reader = new StreamReader(entry.DataStream!, Encoding.UTF8);
            files[entry.Name] = await reader.ReadToEndAsync();
        }

        return files;
    }
}
