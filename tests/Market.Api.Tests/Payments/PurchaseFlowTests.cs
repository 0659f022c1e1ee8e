using System.Net;
using System.Text.Json.Nodes;
using Market.Api.Tests.Apps;
using Market.Api.Tests.Infrastructure;
using Market.Domain.Apps;

namespace Market.Api.Tests.Payments;

/// <summary>The paid-app flow of the embedded default (test-mode wallet and developer), as the web app drives it.</summary>
public sealed class PurchaseFlowTests
{
    private MarketApiFactory _factory = null!;

    [SetUp]
    public void SetUp() => _factory = new MarketApiFactory(new Dictionary<string, string?>
    {
        ["Market:Payments:TestMode:StepDelayMs"] = "0",
        ["Market:Payments:PollIntervalSeconds"] = "0",
    });

    [TearDown]
    public void TearDown() => _factory.Dispose();

    [Test]
    public async Task A_paid_app_is_bought_then_installs_and_stays_unbought_for_others()
    {
        await PaymentTestKit.AddPaidAppAsync(_factory, "notes");
        using var pushes = new PaymentPushes(_factory.Services);
        var alice = _factory.CreateUserClient("alice");
        var bob = _factory.CreateUserClient("bob");

        var before = await alice.StatusAsync("notes");
        Assert.That(before["status"]!.GetValue<string>(), Is.EqualTo("not_buy"));
        Assert.That(before["requires_purchase"]!.GetValue<bool>(), Is.True);
        Assert.That(before["message"]!.GetValue<string>(), Is.EqualTo("Payment not started"));

        var refused = await (await alice.SendJsonAsync(HttpMethod.Post, "/apps/notes/install", AppTestKit.InstallBody("notes"))).ReadEnvelopeAsync(HttpStatusCode.Forbidden);
        Assert.That(refused.Message(), Is.EqualTo("This app must be purchased before it can be installed"));

        var purchase = await alice.PurchaseAsync("notes");
        Assert.That(purchase["status"]!.GetValue<string>(), Is.EqualTo("signature_required"));
        Assert.That(purchase.Text("user"), Is.EqualTo("alice"));

        // The simulated wallet signs: the user is asked to pay.
        await alice.WaitForStatusAsync("notes", "payment_required");
        var again = await alice.PurchaseAsync("notes");
        Assert.That(again["status"]!.GetValue<string>(), Is.EqualTo("payment_required"));
        var paymentData = again["payment_data"]!;
        Assert.That(paymentData.Text("from"), Does.StartWith("did:"));
        Assert.That(paymentData.Text("to"), Does.StartWith("did:"));
        Assert.That(paymentData["product"]![0].Text("product_id"), Is.EqualTo(PaymentTestKit.ProductId));
        Assert.That(paymentData["token_info"]![0].Text("token_symbol"), Is.EqualTo("USDC"));
        Assert.That(again["frontend_data"], Is.InstanceOf<JsonObject>());

        var started = await (await alice.SendAsync(PaymentTestKit.Request(HttpMethod.Post, "/payment/frontend-start",
            new JsonObject { ["source_id"] = "upload", ["app_id"] = "notes", ["product_id"] = PaymentTestKit.ProductId, ["frontend_data"] = new JsonObject { ["txHash"] = "0xfeed" } })))
            .ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(started.Message(), Is.EqualTo("Frontend payment state updated"));

        var polling = await (await alice.StartPollingAsync("notes")).ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(polling.Message(), Is.EqualTo("Payment polling started successfully"));
        Assert.That(polling["data"]!.ToJsonString(), Is.EqualTo("""{"success":true,"message":"Payment polling started successfully","status":"polling"}"""));

        var bought = await alice.WaitForStatusAsync("notes", "purchased");
        Assert.That(bought["message"]!.GetValue<string>(), Is.EqualTo("App is already purchased"));

        var install = await (await alice.SendJsonAsync(HttpMethod.Post, "/apps/notes/install", AppTestKit.InstallBody("notes", sync: false))).ReadEnvelopeAsync(HttpStatusCode.OK);
        var task = await alice.WaitForTaskAsync(install.TaskId());
        Assert.That(task.Text("status"), Is.EqualTo("completed"));
        await AppTestKit.WaitForAppAsync(_factory, "alice", "notes", a => a.State == AppState.Running);

        Assert.That((await bob.StatusAsync("notes"))["status"]!.GetValue<string>(), Is.EqualTo("not_buy"));
        var bobInstall = await (await bob.SendJsonAsync(HttpMethod.Post, "/apps/notes/install", AppTestKit.InstallBody("notes"))).ReadEnvelopeAsync(HttpStatusCode.Forbidden);
        Assert.That(bobInstall.Message(), Is.EqualTo("This app must be purchased before it can be installed"));

        Assert.That(pushes.StatusesOf("alice"), Is.SupersetOf(new[] { "signature_required", "payment_required", "waiting_developer_confirmation", "purchased" }));
        Assert.That(pushes.StatusesOf("bob"), Is.Empty);
        var paymentRequired = pushes.Events.First(e => e.Payload["extensions"].Text("status") == "payment_required");
        Assert.That(paymentRequired.Payload["extensions_obj"]!["payment_data"].Text("from"), Does.StartWith("did:"));
        Assert.That(paymentRequired.Payload["extensions"].Text("app_name"), Is.EqualTo("notes"));
    }

    [Test]
    public async Task The_vc_shows_nowhere_and_the_states_are_for_admins_only()
    {
        await PaymentTestKit.AddPaidAppAsync(_factory, "notes");
        var alice = _factory.CreateUserClient("alice");
        await alice.PurchaseAsync("notes");
        await alice.WaitForStatusAsync("notes", "payment_required");
        await (await alice.StartPollingAsync("notes")).ReadEnvelopeAsync(HttpStatusCode.OK);
        await alice.WaitForStatusAsync("notes", "purchased");
        var install = await (await alice.SendJsonAsync(HttpMethod.Post, "/apps/notes/install", AppTestKit.InstallBody("notes", sync: false))).ReadEnvelopeAsync(HttpStatusCode.OK);
        await alice.WaitForTaskAsync(install.TaskId());

        var forbidden = await (await alice.GetAsync(AppTestKit.Base + "/payment/states")).ReadEnvelopeAsync(HttpStatusCode.Forbidden);
        Assert.That(forbidden.Message(), Is.EqualTo("Admin privileges required"));

        var admin = _factory.CreateUserClient("admin");
        var states = await (await admin.GetAsync(AppTestKit.Base + "/payment/states")).ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(states.Message(), Is.EqualTo("Payment states retrieved successfully"));
        Assert.That(states["data"]!["total_states"]!.GetValue<int>(), Is.EqualTo(1));
        var (key, state) = states["data"]!["states"]!.AsObject().Single();
        Assert.That(key, Does.StartWith("alice:").And.EndWith(":" + PaymentTestKit.ProductId));
        Assert.That(state.Text("vc"), Is.EqualTo("***"));
        Assert.That(state.Text("jws"), Is.EqualTo("***"));
        Assert.That(state.Text("developer_sync"), Is.EqualTo("completed"));
        Assert.That(state.Text("payment_status"), Is.EqualTo("developer_confirmed"));

        var vc = await PurchaseRows.VcOfAsync(_factory, "alice");
        Assert.That(vc, Is.Not.Null.And.Not.Empty);
        var task = await (await alice.GetAsync($"{AppTestKit.Base}/tasks/{install.TaskId()}")).Content.ReadAsStringAsync();
        var runtime = await (await admin.GetAsync(AppTestKit.Base + "/runtime/state")).Content.ReadAsStringAsync();
        var logs = await (await alice.GetAsync(AppTestKit.Base + "/logs?size=1000")).Content.ReadAsStringAsync();
        Assert.That(states.ToJsonString(), Does.Not.Contain(vc));
        Assert.That(task, Does.Not.Contain(vc));
        Assert.That(runtime, Does.Not.Contain(vc));
        Assert.That(logs, Does.Not.Contain(vc));
        Assert.That(await PurchaseRows.TaskRowsContainAsync(_factory, vc!), Is.False);
    }

    [Test]
    public async Task Resend_vc_hands_a_confirmed_licence_back_and_refuses_otherwise()
    {
        await PaymentTestKit.AddPaidAppAsync(_factory, "notes");
        var alice = _factory.CreateUserClient("alice");
        var missing = await (await alice.SendAsync(PaymentTestKit.Request(HttpMethod.Post, "/payment/resend-vc", new JsonObject { ["product_id"] = " " })))
            .ReadEnvelopeAsync(HttpStatusCode.BadRequest);
        Assert.That(missing.Message(), Is.EqualTo("Missing required field: product_id"));
        var none = await (await alice.SendAsync(PaymentTestKit.Request(HttpMethod.Post, "/payment/resend-vc", new JsonObject { ["product_id"] = PaymentTestKit.ProductId })))
            .ReadEnvelopeAsync(HttpStatusCode.BadRequest);
        Assert.That(none.Message(), Is.EqualTo($"Failed to resend VC: payment state not found for user alice and product {PaymentTestKit.ProductId}"));

        await alice.PurchaseAsync("notes");
        await alice.WaitForStatusAsync("notes", "payment_required");
        var early = await (await alice.SendAsync(PaymentTestKit.Request(HttpMethod.Post, "/payment/resend-vc", new JsonObject { ["product_id"] = PaymentTestKit.ProductId })))
            .ReadEnvelopeAsync(HttpStatusCode.BadRequest);
        Assert.That(early.Message(), Is.EqualTo($"Failed to resend VC: vc not available for user alice product {PaymentTestKit.ProductId}"));

        await (await alice.StartPollingAsync("notes")).ReadEnvelopeAsync(HttpStatusCode.OK);
        await alice.WaitForStatusAsync("notes", "purchased");
        var resent = await (await alice.SendAsync(PaymentTestKit.Request(HttpMethod.Post, "/payment/resend-vc", new JsonObject { ["product_id"] = PaymentTestKit.ProductId })))
            .ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(resent.Message(), Is.EqualTo("VC resent to LarePass successfully"));
        Assert.That(resent["data"]!.ToJsonString(), Is.EqualTo($$"""{"product_id":"{{PaymentTestKit.ProductId}}"}"""));
    }

    [Test]
    public async Task Restore_of_a_fresh_purchase_asks_for_a_signature_then_polls_to_purchased()
    {
        await PaymentTestKit.AddPaidAppAsync(_factory, "notes");
        var alice = _factory.CreateUserClient("alice");
        var restore = await (await alice.SendAsync(PaymentTestKit.Request(HttpMethod.Post, "/sources/upload/apps/notes/restore-purchase"))).ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(restore.Message(), Is.EqualTo("OK"));
        Assert.That(restore["data"].Text("status"), Is.EqualTo("signature_required"));
        Assert.That(restore["data"].Text("message"), Is.EqualTo("Signature required for restore purchase, please sign and wait for callback"));

        // The simulated developer has no record without a reported payment: the restore ends "no record", retry offered.
        var noRecord = await alice.WaitForStatusAsync("notes", "payment_retry_required");
        Assert.That(noRecord["message"]!.GetValue<string>(), Is.EqualTo("Developer has no matching payment record, please retry payment"));

        // Paying again (start-polling) restarts the poll and ends purchased: nothing is stuck.
        await (await alice.StartPollingAsync("notes")).ReadEnvelopeAsync(HttpStatusCode.OK);
        await alice.WaitForStatusAsync("notes", "purchased");
        var again = await (await alice.SendAsync(PaymentTestKit.Request(HttpMethod.Post, "/sources/upload/apps/notes/restore-purchase"))).ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(again["data"]!.ToJsonString(), Is.EqualTo("""{"status":"purchased","message":"Purchase already restored, VC confirmed","app_id":"notes","source":"upload","user":"alice"}"""));
    }
}
