using System.Net;
using System.Text.Json.Nodes;
using Market.Api.Tests.Infrastructure;
using Market.Application.Common.Interfaces;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Market.Api.Tests.Payments;

/// <summary>
/// The status, purchase, restore and frontend-start answers keep the original's member order and leave out
/// what does not apply (never a null member): the order the handlers used when they built JSON objects.
/// </summary>
public sealed class PaymentAnswerShapeTests
{
    private static readonly string[] StatusOrder = ["app_id", "source", "requires_purchase", "status", "message", "token_info"];
    private static readonly string[] PurchaseOrder =
        ["status", "payment_data", "message", "frontend_data", "frontend_payment_started_payload", "token_info", "app_id", "source", "user"];
    private static readonly string[] EchoOrder = ["status", "payment_data", "message", "token_info", "frontend_data", "app_id", "source", "user"];

    private MarketApiFactory _root = null!;
    private Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> _factory = null!;

    [SetUp]
    public void SetUp()
    {
        _root = new MarketApiFactory(new Dictionary<string, string?> { ["Market:Payments:PollIntervalSeconds"] = "0" });
        _factory = _root.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.Replace(ServiceDescriptor.Singleton<ILarePassChannel>(new RecordingLarePass()))));
    }

    [TearDown]
    public void TearDown()
    {
        _factory.Dispose();
        _root.Dispose();
    }

    [Test]
    public async Task Each_answer_keeps_its_member_order_and_omits_what_does_not_apply()
    {
        await PaymentTestKit.AddPaidAppAsync(_factory, "notes");
        var alice = _factory.UserClient("alice");

        var status = await alice.StatusAsync("notes");
        AssertShape(status, StatusOrder, "app_id", "source", "requires_purchase", "status", "message", "token_info");
        Assert.That(status["token_info"]![0].Text("token_symbol"), Is.EqualTo("USDC"));

        var purchase = await alice.PurchaseAsync("notes");
        AssertShape(purchase, PurchaseOrder, "status", "token_info", "app_id", "source", "user");
        Assert.That(purchase.Text("user"), Is.EqualTo("alice"));

        var restore = await (await alice.SendAsync(PaymentTestKit.Request(HttpMethod.Post, "/sources/upload/apps/notes/restore-purchase"))).ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(restore["data"]!.AsObject().Select(p => p.Key), Is.EqualTo(new[] { "status", "message", "app_id", "source", "user" }));

        var started = await (await alice.SendAsync(PaymentTestKit.Request(HttpMethod.Post, "/payment/frontend-start",
            new JsonObject { ["source_id"] = "upload", ["app_id"] = "notes", ["product_id"] = PaymentTestKit.ProductId, ["frontend_data"] = new JsonObject { ["txHash"] = "0xfeed" } })))
            .ReadEnvelopeAsync(HttpStatusCode.OK);
        var answer = started["data"]!.AsObject();
        var own = answer.ContainsKey("frontend_payment_started_payload");
        AssertShape(answer, own ? PurchaseOrder : EchoOrder, "status", "frontend_data", "token_info", "app_id", "source", "user");
        if (!own)
        {
            Assert.That(answer["frontend_data"]!.ToJsonString(), Is.EqualTo("""{"txHash":"0xfeed"}"""));
        }
    }

    private static void AssertShape(JsonObject answer, string[] order, params string[] required)
    {
        var keys = answer.Select(p => p.Key).ToList();
        Assert.That(keys, Is.SupersetOf(required), answer.ToJsonString());
        Assert.That(keys, Is.EqualTo(order.Where(keys.Contains)), "member order: " + answer.ToJsonString());
        Assert.That(answer.Where(p => p.Value is null).Select(p => p.Key), Is.Empty, "null members are omitted");
    }
}
