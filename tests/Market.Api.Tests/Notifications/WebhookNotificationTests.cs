using System.Net;
using System.Text.Json.Nodes;
using Market.Api.Tests.Infrastructure;
using Market.Testing.Fakes;
using Market.Testing.Waiting;
using static Market.Api.Tests.Updates.UploadedAppKit;

namespace Market.Api.Tests.Notifications;

/// <summary>
/// Webhooks without the UI open: a failed operation is delivered once, signed, to a subscribed receiver; a
/// receiver that was down gets it after it recovers, with every attempt visible; private targets are refused
/// unless allowed; the secret is never answered back.
/// </summary>
[NonParallelizable]
public sealed class WebhookNotificationTests
{
    private const string Secret = "a-long-webhook-secret-0123456789";
    private const string Routes = "/settings/notifications";
    private MarketApiFactory _factory = null!;

    [OneTimeSetUp]
    public void Start() => _factory = new MarketApiFactory(new Dictionary<string, string?>
    {
        ["Market:Notifications:AllowPrivateNetworks"] = "true",
        ["Market:Notifications:RetryBaseSeconds"] = "0.2",
    });

    [OneTimeTearDown]
    public void Stop() => _factory.Dispose();

    [Test]
    public async Task A_failed_install_is_delivered_once_signed_and_the_secret_is_never_answered()
    {
        await using var receiver = await FakeWebhookReceiver.StartAsync();
        using var client = _factory.CreateUserClient("wendy");
        var created = await SubscribeAsync(client, receiver.Url, "operation_failed");
        Assert.That(created.ToJsonString(), Does.Not.Contain(Secret));
        Assert.That(created["has_secret"]!.GetValue<bool>(), Is.True);

        var taskId = await FailAnInstallAsync(client, "cracked");

        // The row is marked delivered once the receiver's 200 is back, a moment after the receiver saw the POST.
        await Eventually.HoldsAsync(async () => (await DeliveriesAsync(client)).SingleOrDefault()?["state"]?.GetValue<string>() == "delivered", "the webhook to be delivered");
        var received = receiver.Accepted.Single();
        Assert.That(received.SignedWith(Secret), Is.True, "signature verifies with the subscription's secret");
        Assert.That(received.SignedWith("another-secret-0123456789"), Is.False);
        var body = JsonNode.Parse(received.Body)!;
        Assert.That((body["event"]!.GetValue<string>(), body["data"]!["task_id"]!.GetValue<string>(), body["data"]!["app"]!.GetValue<string>()),
            Is.EqualTo(("operation_failed", taskId, "cracked")));
        Assert.That(received.Body, Does.Not.Contain("SIMULATE_FAILURE").And.Not.Contain(Secret));
        Assert.That(receiver.All, Has.Count.EqualTo(1), "exactly one delivery");

        var listed = await (await client.GetAsync($"{AppTestKit.Base}{Routes}")).ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(listed.ToJsonString(), Does.Not.Contain(Secret));
        Assert.That(listed["data"]!["subscriptions"]!.AsArray().Single()!["url"]!.GetValue<string>(), Is.EqualTo(receiver.Url));
        Assert.That((await DeliveriesAsync(client)).ToJsonString(), Does.Not.Contain(Secret));

        var id = created["id"]!.GetValue<string>();
        await (await client.DeleteAsync($"{AppTestKit.Base}{Routes}/{id}")).ReadEnvelopeAsync(HttpStatusCode.OK);
        var after = await (await client.GetAsync($"{AppTestKit.Base}{Routes}")).ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(after["data"]!["subscriptions"]!.AsArray(), Is.Empty);
    }

    [Test]
    public async Task A_receiver_that_was_down_gets_the_delivery_once_after_it_recovers()
    {
        await using var receiver = await FakeWebhookReceiver.StartAsync();
        receiver.Available = false;
        using var client = _factory.CreateUserClient("victor");
        await SubscribeAsync(client, receiver.Url, "operation_failed", "operation_rolled_back");

        await FailAnInstallAsync(client, "shaky");
        await Eventually.HoldsAsync(() => Task.FromResult(receiver.All.Count >= 2), "two refused attempts");
        receiver.Available = true;
        await Eventually.HoldsAsync(async () => (await DeliveriesAsync(client)).SingleOrDefault()?["state"]?.GetValue<string>() == "delivered", "the delivery to succeed");

        Assert.That(receiver.Accepted, Has.Count.EqualTo(1));
        var attempts = (await DeliveriesAsync(client)).Single()!["attempts"]!.AsArray();
        var outcomes = attempts.Select(a => (a!["succeeded"]!.GetValue<bool>(), a["status_code"]?.GetValue<int>())).ToList();
        Assert.That(outcomes.Count, Is.GreaterThanOrEqualTo(3));
        Assert.That(outcomes[..^1], Has.All.EqualTo((false, (int?)503)), "the failed attempts first");
        Assert.That(outcomes[^1], Is.EqualTo((true, (int?)200)), "then the success");
    }

    [Test]
    public async Task A_receiver_that_was_down_gets_every_delivery_afterwards_once_each()
    {
        await using var receiver = await FakeWebhookReceiver.StartAsync();
        receiver.Available = false;
        using var client = _factory.CreateUserClient("walter");
        await SubscribeAsync(client, receiver.Url, "operation_failed");

        var failed = new List<string>();
        foreach (var app in new[] { "flaky-one", "flaky-two", "flaky-three" })
        {
            failed.Add(await FailAnInstallAsync(client, app));
        }

        await Eventually.HoldsAsync(async () => (await DeliveriesAsync(client)).Count == 3
            && (await DeliveriesAsync(client)).All(d => d!["attempts"]!.AsArray().Count >= 2), "every delivery refused at least twice");
        receiver.Available = true;
        await Eventually.HoldsAsync(async () => (await DeliveriesAsync(client)).All(d => d!["state"]!.GetValue<string>() == "delivered"), "every delivery to succeed");

        var taken = receiver.Accepted.Select(r => JsonNode.Parse(r.Body)!["data"]!["task_id"]!.GetValue<string>()).ToList();
        Assert.That(taken, Is.EquivalentTo(failed), "each failed task delivered exactly once");
    }

    [Test]
    public async Task An_upgrade_that_rolls_back_is_announced_as_operation_rolled_back()
    {
        await using var receiver = await FakeWebhookReceiver.StartAsync();
        using var client = _factory.CreateUserClient("tessa");
        await SubscribeAsync(client, receiver.Url, "operation_rolled_back");
        await UploadAsync(client, "ledger", "1.0.0");
        await StartAndWaitAsync(client, HttpMethod.Post, "/apps/ledger/install", AppTestKit.InstallBody("ledger", "1.0.0", sync: false));
        await UploadAsync(client, "ledger", "1.1.0");

        var failing = AppTestKit.InstallBody("ledger", "1.1.0", sync: false, envs: [new JsonObject { ["envName"] = "SIMULATE_FAILURE", ["value"] = "upgrade" }]);
        var upgrade = await StartAndWaitAsync(client, HttpMethod.Put, "/apps/ledger/upgrade", failing);

        await Eventually.HoldsAsync(() => Task.FromResult(!receiver.Accepted.IsEmpty), "the rollback webhook to arrive");
        var received = receiver.Accepted.Single();
        Assert.That(received.SignedWith(Secret), Is.True);
        var body = JsonNode.Parse(received.Body)!;
        Assert.That((body["event"]!.GetValue<string>(), body["data"]!["rolls_back_task_id"]!.GetValue<string>(), body["data"]!["version"]!.GetValue<string>()),
            Is.EqualTo(("operation_rolled_back", upgrade["task_id"]!.GetValue<string>(), "1.0.0")));
    }

    [Test]
    public async Task A_loopback_url_is_refused_unless_private_networks_are_allowed()
    {
        using var strict = new MarketApiFactory();
        using var client = strict.CreateUserClient("ursula");
        var response = await client.SendJsonAsync(HttpMethod.Post, Routes,
            new JsonObject { ["url"] = "http://127.0.0.1:9/hook", ["events"] = new JsonArray("operation_failed"), ["secret"] = Secret });
        var envelope = await response.ReadEnvelopeAsync(HttpStatusCode.BadRequest);
        Assert.That(envelope.Message(), Is.EqualTo("Invalid webhook url: private or loopback addresses are not allowed (127.0.0.1 is a loopback address)"));

        var unknown = await client.SendJsonAsync(HttpMethod.Post, Routes,
            new JsonObject { ["url"] = "https://hooks.example.com/x", ["events"] = new JsonArray("everything"), ["secret"] = Secret });
        Assert.That((await unknown.ReadEnvelopeAsync(HttpStatusCode.BadRequest)).Message(), Does.StartWith("unknown event 'everything'"));
    }

    private static async Task<JsonObject> SubscribeAsync(HttpClient client, string url, params string[] events)
    {
        var body = new JsonObject { ["url"] = url, ["events"] = new JsonArray(events.Select(e => (JsonNode)e).ToArray()), ["secret"] = Secret };
        var envelope = await (await client.SendJsonAsync(HttpMethod.Post, Routes, body)).ReadEnvelopeAsync(HttpStatusCode.OK);
        return envelope["data"]!.AsObject();
    }

    private async Task<string> FailAnInstallAsync(HttpClient client, string app)
    {
        await AppTestKit.AddCatalogAppAsync(_factory, app);
        var envelope = await (await client.SendJsonAsync(HttpMethod.Post, $"/apps/{app}/install",
            AppTestKit.InstallBody(app, sync: false, envs: [new JsonObject { ["envName"] = "SIMULATE_FAILURE", ["value"] = "install" }]))).ReadEnvelopeAsync(HttpStatusCode.OK);
        var task = await client.WaitForTaskAsync(envelope.TaskId());
        Assert.That(task["status"]!.GetValue<string>(), Is.EqualTo("failed"));
        return envelope.TaskId();
    }

    private static async Task<JsonArray> DeliveriesAsync(HttpClient client) =>
        (await (await client.GetAsync($"{AppTestKit.Base}{Routes}/deliveries")).ReadEnvelopeAsync(HttpStatusCode.OK))["data"]!["deliveries"]!.AsArray();
}
