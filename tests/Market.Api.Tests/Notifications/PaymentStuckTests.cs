using System.Net;
using System.Text.Json.Nodes;
using Market.Api.Tests.Infrastructure;
using Market.Api.Tests.Payments;
using Market.Application.Notifications.Commands.AnnounceStuckPayments;
using Market.Testing.Fakes;
using Market.Testing.Waiting;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Api.Tests.Notifications;

/// <summary>
/// <c>payment_stuck</c>: a purchase left unconfirmed longer than Market:Notifications:PaymentStuckAfterSeconds is announced
/// to its owner once, with no token, JWS or VC in the payload.
/// </summary>
[NonParallelizable]
public sealed class PaymentStuckTests
{
    private const string Secret = "a-long-webhook-secret-0123456789";

    [Test]
    public async Task A_purchase_left_waiting_for_payment_is_announced_once()
    {
        using var factory = new MarketApiFactory(new Dictionary<string, string?>
        {
            ["Market:Payments:TestMode:StepDelayMs"] = "0",
            ["Market:Payments:PollIntervalSeconds"] = "0",
            ["Market:Notifications:AllowPrivateNetworks"] = "true",
            ["Market:Notifications:UpdateScanSeconds"] = "1",
            ["Market:Notifications:PaymentStuckAfterSeconds"] = "1",
        });
        await using var receiver = await FakeWebhookReceiver.StartAsync();
        await PaymentTestKit.AddPaidAppAsync(factory, "notes");
        using var alice = factory.CreateUserClient("alice");
        var subscribe = new JsonObject { ["url"] = receiver.Url, ["events"] = new JsonArray("payment_stuck"), ["secret"] = Secret };
        await (await alice.SendJsonAsync(HttpMethod.Post, "/settings/notifications", subscribe)).ReadEnvelopeAsync(HttpStatusCode.OK);

        // Signed by the test-mode wallet, then never paid.
        await alice.PurchaseAsync("notes");
        await alice.WaitForStatusAsync("notes", "payment_required");

        await Eventually.HoldsAsync(() => Task.FromResult(!receiver.Accepted.IsEmpty), "the stuck purchase to be announced");
        var received = receiver.Accepted.Single();
        Assert.That(received.SignedWith(Secret), Is.True);
        var body = JsonNode.Parse(received.Body)!;
        Assert.That((body["event"]!.GetValue<string>(), body["user"]!.GetValue<string>(), body["data"]!["app"]!.GetValue<string>()),
            Is.EqualTo(("payment_stuck", "alice", "notes")));
        Assert.That(body["data"]!.AsObject().Select(p => p.Key), Is.EquivalentTo(new[] { "purchase_id", "app", "source", "payment_status", "since" }), "facts only: no JWS, VC or token");

        Assert.That(await ScanAsync(factory), Is.Zero, "announced once per purchase");
        Assert.That(await ScanAsync(factory), Is.Zero);
        Assert.That(receiver.All, Has.Count.EqualTo(1));
    }

    private static async Task<int> ScanAsync(MarketApiFactory factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(new AnnounceStuckPaymentsCommand());
    }
}
