using System.Net;
using System.Text.Json.Nodes;
using Market.Api.Tests.Infrastructure;
using Market.Domain.Apps;
using Market.Infrastructure.Persistence;
using Market.Testing.Fakes;
using Market.Testing.Waiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Market.Api.Tests.Updates.UploadedAppKit;

namespace Market.Api.Tests.Updates;

/// <summary>
/// An upgrade is done when its app is healthy: one the runtime completes but whose app never becomes healthy
/// (<c>SIMULATE_FAILURE=unhealthy</c>) fails as <c>unhealthy</c> after Market:Upgrades:HealthTimeoutSeconds and is
/// rolled back by itself — the app running at the previous version, the rollback in the timeline and history, a
/// signed <c>operation_rolled_back</c> webhook; the wait's deadline is stored, so a restart keeps it.
/// </summary>
[NonParallelizable]
public sealed class HealthWatchTests
{
    private const string Secret = "a-long-webhook-secret-0123456789";

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Market:Upgrades:HealthTimeoutSeconds"] = "1",
        ["Market:Notifications:AllowPrivateNetworks"] = "true",
        ["Market:Notifications:RetryBaseSeconds"] = "0.2",
    };

    [Test]
    public async Task An_upgrade_whose_app_never_becomes_healthy_is_rolled_back_and_announced()
    {
        using var factory = new MarketApiFactory(Settings);
        await using var receiver = await FakeWebhookReceiver.StartAsync();
        using var client = factory.CreateUserClient("hana");
        var subscribe = new JsonObject { ["url"] = receiver.Url, ["events"] = new JsonArray("operation_rolled_back"), ["secret"] = Secret };
        await (await client.SendJsonAsync(HttpMethod.Post, "/settings/notifications", subscribe)).ReadEnvelopeAsync(HttpStatusCode.OK);
        await UploadAsync(client, "beacon", "1.0.0");
        await StartAndWaitAsync(client, HttpMethod.Post, "/apps/beacon/install", AppTestKit.InstallBody("beacon", "1.0.0", sync: false));
        await UploadAsync(client, "beacon", "1.1.0");

        var broken = AppTestKit.InstallBody("beacon", "1.1.0", sync: false, envs: [new JsonObject { ["envName"] = "SIMULATE_FAILURE", ["value"] = "unhealthy" }]);
        var upgrade = await StartAndWaitAsync(client, HttpMethod.Put, "/apps/beacon/upgrade", broken);

        // The user sees why: the classified cause, a plain summary and what to do, the waiting step, then the rollback step.
        Assert.That(upgrade["status"]!.GetValue<string>(), Is.EqualTo("failed"));
        var failure = upgrade["failure"]!;
        Assert.That((failure["cause"]!.GetValue<string>(), failure["summary"]!.GetValue<string>()),
            Is.EqualTo(("unhealthy", "Upgrading beacon finished but the app did not become healthy.")));
        Assert.That(failure["next_step"]!.GetValue<string>(), Is.Not.Empty);
        Assert.That(failure["detail"]!.GetValue<string>(), Does.Contain("entrance beacon is notReady"));

        var app = await AppTestKit.WaitForAppAsync(factory, "hana", "beacon", a => a.OpType == OpType.Rollback && a.State == AppState.Running);
        Assert.That(app.InstalledVersion, Is.EqualTo("1.0.0"));

        var upgradeId = upgrade["task_id"]!.GetValue<string>();
        var steps = (await TaskAsync(client, upgradeId))["timeline"]!.AsArray().Select(s => s!["step"]!.GetValue<string>()).ToList();
        Assert.That(steps, Does.Contain("health_check"));
        Assert.That(steps.IndexOf("rollback"), Is.GreaterThan(steps.IndexOf("failed")), "the rollback follows the failure");
        var tasks = (await (await client.GetAsync($"{AppTestKit.Base}/tasks?app=beacon")).ReadEnvelopeAsync(HttpStatusCode.OK))["data"]!["tasks"]!.AsArray();
        var rollback = await client.WaitForTaskAsync(tasks.Single(t => t!["type"]!.GetValue<string>() == "rollback")!["task_id"]!.GetValue<string>());
        Assert.That((rollback["status"]!.GetValue<string>(), rollback["version"]!.GetValue<string>()), Is.EqualTo(("completed", "1.0.0")));

        var logs = await (await client.GetAsync($"{AppTestKit.Base}/logs?type=ACTION_UPGRADE")).ReadEnvelopeAsync(HttpStatusCode.OK);
        var messages = logs["data"]!["records"]!.AsArray().Select(r => r!["message"]!.GetValue<string>()).ToList();
        Assert.That(messages, Does.Contain("rollback beacon").And.Contain("upgrade beacon"));

        await Eventually.HoldsAsync(() => Task.FromResult(!receiver.Accepted.IsEmpty), "the rollback webhook to arrive");
        var received = receiver.Accepted.Single();
        Assert.That(received.SignedWith(Secret), Is.True);
        var body = JsonNode.Parse(received.Body)!;
        Assert.That((body["event"]!.GetValue<string>(), body["data"]!["rolls_back_task_id"]!.GetValue<string>(), body["data"]!["version"]!.GetValue<string>()),
            Is.EqualTo(("operation_rolled_back", upgradeId, "1.0.0")));
        Assert.That(received.Body, Does.Not.Contain("SIMULATE_FAILURE"));
    }

    [Test]
    public async Task A_healthy_upgrade_completes_without_waiting()
    {
        using var factory = new MarketApiFactory(Settings);
        using var client = factory.CreateUserClient("ines");
        await UploadAsync(client, "lantern", "1.0.0");
        await StartAndWaitAsync(client, HttpMethod.Post, "/apps/lantern/install", AppTestKit.InstallBody("lantern", "1.0.0", sync: false));
        await UploadAsync(client, "lantern", "1.1.0");

        var upgrade = await StartAndWaitAsync(client, HttpMethod.Put, "/apps/lantern/upgrade", AppTestKit.InstallBody("lantern", "1.1.0", sync: false));

        Assert.That(upgrade["status"]!.GetValue<string>(), Is.EqualTo("completed"));
        Assert.That(upgrade["timeline"]!.AsArray().Select(s => s!["step"]!.GetValue<string>()), Does.Not.Contain("health_check").And.Not.Contain("rollback"));
        Assert.That((await AppTestKit.ReadAppAsync(factory, "ines", "lantern"))!.InstalledVersion, Is.EqualTo("1.1.0"));
    }

    [Test]
    public async Task The_health_deadline_survives_a_restart()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"market-health-{Guid.NewGuid():N}");
        var settings = new Dictionary<string, string?>(Settings)
        {
            ["Market:Upgrades:HealthTimeoutSeconds"] = "4",
            ["Market:Tasks:LeaseSeconds"] = "3", // the second host takes the task over once the first host's lease runs out
            ["Market:Storage:SqlitePath"] = Path.Combine(folder, "market.db"),
            ["Market:Packages:Path"] = Path.Combine(folder, "packages"),
        };
        Directory.CreateDirectory(folder);
        string upgradeId;
        DateTime deadline;
        using (var first = new MarketApiFactory(settings))
        {
            using var client = first.CreateUserClient("jonas");
            await UploadAsync(client, "harbor", "1.0.0");
            await StartAndWaitAsync(client, HttpMethod.Post, "/apps/harbor/install", AppTestKit.InstallBody("harbor", "1.0.0", sync: false));
            await UploadAsync(client, "harbor", "1.1.0");
            var broken = AppTestKit.InstallBody("harbor", "1.1.0", sync: false, envs: [new JsonObject { ["envName"] = "SIMULATE_FAILURE", ["value"] = "unhealthy" }]);
            upgradeId = (await (await client.SendJsonAsync(HttpMethod.Put, "/apps/harbor/upgrade", broken)).ReadEnvelopeAsync(HttpStatusCode.OK)).TaskId();
            deadline = await Eventually.ValueAsync(() => HealthDeadlineAsync(first, upgradeId), d => d is not null, () => "the health watch to begin", TimeSpan.FromSeconds(30)) ?? default;
        }

        using var second = new MarketApiFactory(settings);
        using var again = second.CreateUserClient("jonas");
        var upgrade = await again.WaitForTaskAsync(upgradeId);
        Assert.That((upgrade["status"]!.GetValue<string>(), upgrade["failure"]!["cause"]!.GetValue<string>()), Is.EqualTo(("failed", "unhealthy")));
        Assert.That(await HealthDeadlineAsync(second, upgradeId), Is.EqualTo(deadline), "the restarted host kept the first deadline");
        Assert.That(upgrade["timeline"]!.AsArray().Count(s => s!["step"]!.GetValue<string>() == "health_check"), Is.EqualTo(1));
        var app = await AppTestKit.WaitForAppAsync(second, "jonas", "harbor", a => a.OpType == OpType.Rollback && a.State == AppState.Running);
        Assert.That(app.InstalledVersion, Is.EqualTo("1.0.0"));
    }

    private static async Task<DateTime?> HealthDeadlineAsync(MarketApiFactory factory, string taskId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        return await db.AppTasks.AsNoTracking().Where(t => t.Id == taskId).Select(t => t.HealthDeadline).SingleAsync();
    }
}
