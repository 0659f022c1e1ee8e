using System.Net;
using System.Text.Json.Nodes;
using Market.Api.Tests.Apps;
using Market.Api.Tests.Infrastructure;
using Market.Application.Common.Interfaces;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Market.Api.Tests.Payments;

/// <summary>Every payment route's checks and messages, and callbacks bound to their purchase by the ticket.</summary>
public sealed class PaymentRoutesTests
{
    private MarketApiFactory _root = null!;
    private Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> _factory = null!;
    private RecordingLarePass _larePass = null!;

    [SetUp]
    public void SetUp()
    {
        _larePass = new RecordingLarePass();
        _root = new MarketApiFactory(new Dictionary<string, string?> { ["Market:Payments:PollIntervalSeconds"] = "0" });
        _factory = _root.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.Replace(ServiceDescriptor.Singleton<ILarePassChannel>(_larePass))));
    }

    [TearDown]
    public void TearDown()
    {
        _factory.Dispose();
        _root.Dispose();
    }

    private HttpClient Client(string user)
    {
        var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Bfl-User", user);
        return client;
    }

    [Test]
    public async Task Free_and_unknown_apps_answer_as_the_original()
    {
        await AppTestKit.AddCatalogAppAsync(_factory, "freebie");
        var alice = Client("alice");
        var free = await alice.StatusAsync("freebie");
        Assert.That(free.ToJsonString(), Is.EqualTo("""{"app_id":"freebie","source":"upload","requires_purchase":false,"status":"free","message":"This is a free app"}"""));

        var legacy = await (await alice.SendAsync(PaymentTestKit.Request(HttpMethod.Get, "/apps/freebie/payment-status"))).ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(legacy.Message(), Is.EqualTo("App payment status retrieved successfully"));
        Assert.That(legacy["data"].Text("source"), Is.EqualTo("upload"));

        var missing = await (await alice.SendAsync(PaymentTestKit.Request(HttpMethod.Get, "/sources/upload/apps/ghost/payment-status"))).ReadEnvelopeAsync(HttpStatusCode.NotFound);
        Assert.That(missing.Message(), Is.EqualTo("App not found in source 'upload'"));
        var missingLegacy = await (await alice.SendAsync(PaymentTestKit.Request(HttpMethod.Get, "/apps/ghost/payment-status"))).ReadEnvelopeAsync(HttpStatusCode.NotFound);
        Assert.That(missingLegacy.Message(), Is.EqualTo("App not found"));
        foreach (var route in new[] { "purchase", "restore-purchase" })
        {
            var notFound = await (await alice.SendAsync(PaymentTestKit.Request(HttpMethod.Post, $"/sources/upload/apps/ghost/{route}"))).ReadEnvelopeAsync(HttpStatusCode.NotFound);
            Assert.That(notFound.Message(), Is.EqualTo("App info not found in cache"));
        }

        var anonymous = await (await _factory.CreateClient().SendAsync(PaymentTestKit.Request(HttpMethod.Get, "/apps/freebie/payment-status"))).ReadEnvelopeAsync(HttpStatusCode.Unauthorized);
        Assert.That(anonymous.Message(), Is.EqualTo("Failed to get user information"));
    }

    [TestCase("evil.example/path")]
    [TestCase("https://evil.example")]
    [TestCase("evil.example:444")]
    [TestCase("user@evil.example")]
    [TestCase("a b.example")]
    [TestCase("evil.example\\x")]
    public async Task A_forwarded_host_that_is_not_a_plain_host_name_is_refused(string host)
    {
        await PaymentTestKit.AddPaidAppAsync(_factory, "notes");
        var response = await Client("alice").SendAsync(PaymentTestKit.Request(HttpMethod.Post, "/sources/upload/apps/notes/purchase", host: host));
        var envelope = await response.ReadEnvelopeAsync(HttpStatusCode.BadRequest);
        Assert.That(envelope.Message(), Is.EqualTo("Invalid X-Forwarded-Host header"));
        Assert.That(_larePass.Messages, Is.Empty);
    }

    [Test]
    public async Task Frontend_start_and_start_polling_check_host_fields_and_state_in_order()
    {
        await PaymentTestKit.AddPaidAppAsync(_factory, "notes");
        var alice = Client("alice");
        async Task<string> Fail(string path, JsonNode body, HttpStatusCode status, string? host = PaymentTestKit.Host) =>
            (await (await alice.SendAsync(PaymentTestKit.Request(HttpMethod.Post, path, body, host))).ReadEnvelopeAsync(status)).Message();

        var full = new JsonObject { ["source_id"] = "upload", ["app_id"] = "notes", ["product_id"] = PaymentTestKit.ProductId, ["tx_hash"] = "0x1" };
        Assert.That(await Fail("/payment/frontend-start", full, HttpStatusCode.BadRequest, host: null), Is.EqualTo("X-Forwarded-Host header is required"));
        Assert.That(await Fail("/payment/start-polling", full, HttpStatusCode.BadRequest, host: null), Is.EqualTo("X-Forwarded-Host header is required"));
        Assert.That(await Fail("/payment/frontend-start", new JsonObject { ["source_id"] = " ", ["app_id"] = "notes" }, HttpStatusCode.BadRequest),
            Is.EqualTo("Missing required fields: source_id, app_id"));
        Assert.That(await Fail("/payment/frontend-start", new JsonObject { ["source_id"] = "upload", ["app_id"] = "notes" }, HttpStatusCode.BadRequest),
            Is.EqualTo("Missing required field: product_id"));
        Assert.That(await Fail("/payment/start-polling", new JsonObject { ["source_id"] = "upload", ["app_id"] = "notes", ["product_id"] = "p" }, HttpStatusCode.BadRequest),
            Is.EqualTo("Missing required fields: source_id, app_id, tx_hash, product_id"));
        var invalidJson = await alice.SendAsync(new HttpRequestMessage(HttpMethod.Post, AppTestKit.Base + "/payment/start-polling")
        {
            Content = HttpExtensions.Json("{not json"),
            Headers = { { "X-Forwarded-Host", PaymentTestKit.Host } },
        });
        Assert.That((await invalidJson.ReadEnvelopeAsync(HttpStatusCode.BadRequest)).Message(), Is.EqualTo("Invalid JSON format"));

        var ghost = new JsonObject { ["source_id"] = "upload", ["app_id"] = "ghost", ["product_id"] = PaymentTestKit.ProductId };
        Assert.That(await Fail("/payment/frontend-start", ghost, HttpStatusCode.NotFound), Is.EqualTo("App info not found in cache"));
        Assert.That(await Fail("/payment/frontend-start", full, HttpStatusCode.Conflict),
            Is.EqualTo("Failed to update payment state: no purchase of app 'notes' (product 'notes-pro') was started by this user; start the purchase first"));
        Assert.That(await Fail("/payment/start-polling", full, HttpStatusCode.Conflict),
            Is.EqualTo("Failed to start payment polling: no purchase of app 'notes' (product 'notes-pro') was started by this user; start the purchase first"));
    }

    [TestCase("/payment/frontend-start", "Failed to update payment state")]
    [TestCase("/payment/start-polling", "Failed to start payment polling")]
    public async Task Spoofed_forwarding_headers_without_a_purchase_get_a_4xx_naming_the_problem(string path, string failed)
    {
        await PaymentTestKit.AddPaidAppAsync(_factory, "notes");
        var body = new JsonObject { ["source_id"] = "upload", ["app_id"] = "notes", ["product_id"] = "stolen-product", ["tx_hash"] = "0xdead" };
        var request = PaymentTestKit.Request(HttpMethod.Post, path, body);
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", "10.0.0.1, 127.0.0.1");
        request.Headers.TryAddWithoutValidation("Forwarded", "for=127.0.0.1;host=evil.example;proto=https");
        request.Headers.TryAddWithoutValidation("X-Forwarded-User", "admin");
        request.Headers.TryAddWithoutValidation("X-Authorization", "forged-token");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer forged");

        var envelope = await (await Client("mallory").SendAsync(request)).ReadEnvelopeAsync(HttpStatusCode.Conflict);

        Assert.That(envelope.Message(), Is.EqualTo($"{failed}: no purchase of app 'notes' (product 'stolen-product') was started by this user; start the purchase first"));
        Assert.That(_larePass.Messages, Is.Empty);
    }

    [Test]
    public async Task LarePass_callbacks_need_their_ticket_and_a_replay_changes_nothing()
    {
        await PaymentTestKit.AddPaidAppAsync(_factory, "notes");
        var alice = Client("alice");
        var purchase = await alice.PurchaseAsync("notes");
        Assert.That(purchase.Text("status"), Is.EqualTo("signature_required"));

        var sign = _larePass.Last(LarePassMessage.MarketPayment);
        Assert.That(sign.User, Is.EqualTo("alice"));
        var url = sign.Sign["callback_url"]!.GetValue<string>();
        Assert.That(url, Does.StartWith($"https://{PaymentTestKit.Host}/app-store/api/v2/payment/submit-signature?ticket="));
        var signBody = sign.Sign["sign_body"]!.AsObject();
        Assert.That(signBody.Select(p => p.Key), Is.EqualTo(new[] { "application_verifiable_credential", "application_verifiable_credential_schema", "product_credential_manifest", "product_id" }));
        Assert.That(signBody["product_id"]!.GetValue<string>(), Is.EqualTo(PaymentTestKit.ProductId));

        var path = RecordingLarePass.CallbackPathOf(sign);
        var body = new JsonObject { ["jws"] = "header.payload.sig", ["application_verifiable_credential"] = new JsonObject { ["productId"] = PaymentTestKit.ProductId } };
        var larePassAsAlice = _factory.CreateClient();
        larePassAsAlice.DefaultRequestHeaders.Add("X-Bfl-User", "alice");
        var larePassAsBob = _factory.CreateClient();
        larePassAsBob.DefaultRequestHeaders.Add("X-Bfl-User", "bob");
        var noUser = _factory.CreateClient();

        async Task<JsonObject> Post(HttpClient client, string target, JsonNode payload, HttpStatusCode status) =>
            await (await client.SendAsync(HttpMethod.Post, target, payload.ToJsonString())).ReadEnvelopeAsync(status);

        Assert.That((await Post(larePassAsAlice, path, new JsonObject { ["jws"] = "" }, HttpStatusCode.BadRequest)).Message(), Is.EqualTo("JWS cannot be empty"));
        Assert.That((await (await larePassAsAlice.SendAsync(HttpMethod.Post, path, "{oops")).ReadEnvelopeAsync(HttpStatusCode.BadRequest)).Message(), Is.EqualTo("Invalid request body"));
        Assert.That((await Post(noUser, path, body, HttpStatusCode.BadRequest)).Message(), Is.EqualTo("X-Bfl-User header is required"));
        Assert.That((await Post(larePassAsBob, path, body, HttpStatusCode.Forbidden)).Message(), Is.EqualTo("Invalid callback ticket"));
        Assert.That((await Post(larePassAsAlice, "/app-store/api/v2/payment/submit-signature", body, HttpStatusCode.Forbidden)).Message(), Is.EqualTo("Invalid callback ticket"));
        Assert.That((await Post(larePassAsAlice, path[..^2] + "xx", body, HttpStatusCode.Forbidden)).Message(), Is.EqualTo("Invalid callback ticket"));
        Assert.That((await alice.StatusAsync("notes")).Text("status"), Is.EqualTo("signature_required"), "a refused callback changes nothing");

        var accepted = await Post(larePassAsAlice, path, body, HttpStatusCode.OK);
        Assert.That(accepted.Message(), Is.EqualTo("Signature submission processed successfully"));
        Assert.That(accepted["data"].Text("status"), Is.EqualTo("processed"));
        Assert.That(accepted["data"].Text("sign_body"), Is.EqualTo("{\"application_verifiable_credential\":{\"productId\":\"" + PaymentTestKit.ProductId + "\"}}"));
        Assert.That((await alice.StatusAsync("notes")).Text("status"), Is.EqualTo("payment_required"));

        var pushesBefore = new PaymentPushes(_factory.Services);
        var replay = await Post(larePassAsAlice, path, body, HttpStatusCode.OK);
        Assert.That(replay["data"].Text("status"), Is.EqualTo("processed"));
        Assert.That(pushesBefore.Events, Is.Empty, "a replayed ticket is idempotent");
        pushesBefore.Dispose();

        var fetchPath = path.Replace("submit-signature", "fetch-signature-callback", StringComparison.Ordinal);
        Assert.That((await Post(larePassAsAlice, fetchPath, new JsonObject { ["signed"] = true, ["jws"] = "" }, HttpStatusCode.BadRequest)).Message(),
            Is.EqualTo("JWS cannot be empty when signed is true"));
        var fetched = await Post(larePassAsAlice, fetchPath, new JsonObject { ["signed"] = true, ["jws"] = "header.payload.sig" }, HttpStatusCode.OK);
        Assert.That(fetched.Message(), Is.EqualTo("Fetch signature callback processed"));
        Assert.That(fetched["data"]!.ToJsonString(), Is.EqualTo("""{"status":"processed","user":"alice","jws_present":true}"""));
    }

    [Test]
    public async Task Two_concurrent_callbacks_leave_one_consistent_state()
    {
        await PaymentTestKit.AddPaidAppAsync(_factory, "notes");
        var alice = Client("alice");
        await alice.PurchaseAsync("notes");
        var path = RecordingLarePass.CallbackPathOf(_larePass.Last(LarePassMessage.MarketPayment));
        var larePass = _factory.CreateClient();
        larePass.DefaultRequestHeaders.Add("X-Bfl-User", "alice");
        var submits = Enumerable.Range(0, 6).Select(i => larePass.SendAsync(HttpMethod.Post, path, new JsonObject { ["jws"] = $"h.p.s{i % 2}" }.ToJsonString()));
        var responses = await Task.WhenAll(submits);
        Assert.That(responses.Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.OK));

        var admin = Client("admin");
        var states = await (await admin.GetAsync(AppTestKit.Base + "/payment/states")).ReadEnvelopeAsync(HttpStatusCode.OK);
        var state = states["data"]!["states"]!.AsObject().Single().Value!;
        Assert.That(state.Text("signature_status"), Is.EqualTo("required_and_signed"));
        Assert.That(state.Text("larepass_sync"), Is.EqualTo("completed"));
        Assert.That(state.Text("payment_status"), Is.EqualTo("notification_sent"));
        Assert.That((await alice.StatusAsync("notes")).Text("status"), Is.EqualTo("payment_required"));
    }
}
