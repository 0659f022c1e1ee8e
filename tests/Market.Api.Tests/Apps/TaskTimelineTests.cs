using System.Net;
using System.Text.Json.Nodes;
using Market.Api.Tests.Infrastructure;

namespace Market.Api.Tests.Apps;

/// <summary><c>GET /tasks/{id}</c> shows the task's durable timeline and, once it failed, why.</summary>
[NonParallelizable]
public sealed class TaskTimelineTests
{
    private static readonly string[] InstallFlow = ["downloading", "installing", "initializing", "running"];
    private MarketApiFactory _factory = null!;

    [OneTimeSetUp]
    public void Start() => _factory = new MarketApiFactory();

    [OneTimeTearDown]
    public void Stop() => _factory.Dispose();

    [Test]
    public async Task A_completed_install_shows_every_step_in_order_and_no_failure()
    {
        using var client = _factory.CreateUserClient("tl-alice");
        await AppTestKit.AddCatalogAppAsync(_factory, "tlnotes");

        var envelope = await (await client.SendJsonAsync(HttpMethod.Post, "/apps/tlnotes/install", AppTestKit.InstallBody("tlnotes", sync: false)))
            .ReadEnvelopeAsync(HttpStatusCode.OK);
        var task = await client.WaitForTaskAsync(envelope.TaskId());

        var steps = task["timeline"]!.AsArray().Select(s => s!.AsObject()).ToList();
        var kinds = steps.Select(s => s["step"]!.GetValue<string>()).ToList();
        Assert.That(kinds.Take(3), Is.EqualTo(new[] { "accepted", "queued", "submitted" }), task["timeline"]!.ToJsonString());
        Assert.That(kinds[^1], Is.EqualTo("finished"));
        Assert.That(kinds.Skip(3).SkipLast(1), Is.Not.Empty.And.All.EqualTo("state"));

        // The follower polls: fast simulated steps may pass between two polls, but what it saw is in flow order.
        var states = steps.Skip(3).SkipLast(1).Select(s => s["state"]!.GetValue<string>()).ToList();
        Assert.That(states.Select(s => Array.IndexOf(InstallFlow, s)), Is.Ordered.And.All.GreaterThanOrEqualTo(0), string.Join(",", states));
        Assert.That(states[^1], Is.EqualTo("running"));
        Assert.That(steps[^1]["state"]!.GetValue<string>(), Is.EqualTo("running"));
        Assert.That(steps[2]["message"]!.GetValue<string>(), Is.EqualTo("operation " + task["op_id"]!.GetValue<string>()));
        Assert.That(steps.Select(s => DateTime.Parse(s["at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)), Is.Ordered);
        Assert.That(task["failure"], Is.Null);
        Assert.That(task.ContainsKey("failure"), Is.True, "failure is always present (null when none)");
    }

    [Test]
    public async Task The_task_list_leaves_the_timeline_out()
    {
        using var client = _factory.CreateUserClient("tl-bob");
        await AppTestKit.AddCatalogAppAsync(_factory, "tlwiki");
        var envelope = await (await client.SendJsonAsync(HttpMethod.Post, "/apps/tlwiki/install", AppTestKit.InstallBody("tlwiki", sync: false)))
            .ReadEnvelopeAsync(HttpStatusCode.OK);
        await client.WaitForTaskAsync(envelope.TaskId());

        var list = await (await client.GetAsync($"{AppTestKit.Base}/tasks")).ReadEnvelopeAsync(HttpStatusCode.OK);
        var listed = list["data"]!["tasks"]!.AsArray().Single()!.AsObject();
        Assert.That(listed.ContainsKey("timeline"), Is.False);
        Assert.That(listed["status"]!.GetValue<string>(), Is.EqualTo("completed"));
    }
}
