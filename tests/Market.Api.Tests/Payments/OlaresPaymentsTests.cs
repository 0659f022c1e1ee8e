using System.Net;
using System.Text.Json.Nodes;
using Market.Api.Tests.Infrastructure;
using Market.Application.Common.Interfaces;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Market.Api.Tests.Payments;

/// <summary>
/// <c>Market:Payments:Provider=Olares</c> against the real protocols: DID gate, developer directory and
/// checkout over HTTP (in-process fakes), LarePass answering over HTTP, app-service receiving the install.
/// </summary>
public sealed class OlaresPaymentsTests
{
    private FakePaymentParties _parties = null!;
    private FakeAppService _appService = null!;
    private MarketApiFactory _root = null!;
    private WebApplicationFactory<Program> _factory = null!;
    private HttpLarePass _larePass = null!;

    [SetUp]
    public async Task SetUp()
    {
        _parties = await FakePaymentParties.StartAsync();
        _appService = await FakeAppService.StartAsync(TimeSpan.FromMilliseconds(50));
        _larePass = new HttpLarePass();
        _root = new MarketApiFactory(new Dictionary<string, string?>
        {
            ["Market:Payments:Provider"] = "Olares",
            ["Market:Payments:PollIntervalSeconds"] = "0",
            ["Market:Payments:PollAttempts"] = "3",
            ["Market:Payments:Olares:SystemRemoteServiceUrl"] = _parties.BaseUrl,
            ["Market:Payments:Olares:DeveloperServiceUrl"] = _parties.CheckoutUrl,
            ["Market:Payments:Olares:DeveloperApiUrl"] = _parties.BaseUrl,
            ["Market:Nats:Url"] = "nats://127.0.0.1:9",
            ["Market:Runtime:Provider"] = "Olares",
            ["Market:Runtime:Olares:AppServiceUrl"] = _appService.Url,
            ["Market:Runtime:Olares:PollIntervalMs"] = "50",
        });
        _factory = _root.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.Replace(ServiceDescriptor.Singleton<ILarePassChannel>(_larePass))));
        _larePass.ClientFactory = _factory.CreateClient;
    }

    [TearDown]
    public async Task TearDown()
    {
        await _factory.DisposeAsync();
        await _root.DisposeAsync();
        await _appService.DisposeAsync();
        await _parties.DisposeAsync();
    }

    /// <summary>"payment_required" is visible as soon as the signature is saved; the single developer query follows it.</summary>
    private Task QueriedAfterSigningAsync() =>
        Eventually.HoldsAsync(() => Task.FromResult(!_parties.ReceivedJws.IsEmpty), "the single developer query after signing", TimeSpan.FromSeconds(10));

    [Test]
    public async Task First_purchase_ends_purchased_and_the_install_carries_the_vc()
    {
        await PaymentTestKit.AddPaidAppAsync(_factory, "notes");
        var alice = _factory.UserClient("alice");

        Assert.That((await alice.PurchaseAsync("notes")).Text("status"), Is.EqualTo("signature_required"));
        await alice.WaitForStatusAsync("notes", "payment_required");
        await QueriedAfterSigningAsync();
        Assert.That(_larePass.Callbacks.Select(c => c.StatusCode), Is.All.EqualTo(HttpStatusCode.OK));

        var sign = _larePass.Messages.First(m => m.Topic == LarePassMessage.MarketPayment);
        var manifest = sign.Sign["sign_body"]!["product_credential_manifest"]!;
        Assert.That(manifest.Text("id"), Is.EqualTo("m-1"));
        Assert.That(manifest["presentation_definition"].Text("id"), Is.EqualTo("pd-1"));
        Assert.That(sign.Sign["sign_body"]!["application_verifiable_credential_schema"].Text("id"), Is.EqualTo("avc-1"));

        var answer = await alice.PurchaseAsync("notes");
        Assert.That(answer["payment_data"].Text("from"), Is.EqualTo("did:key:alice.olares.com"));
        Assert.That(answer["payment_data"].Text("to"), Is.EqualTo("did:key:notesdev.olares.com"));
        Assert.That(answer["payment_data"].Text("rsa_public_key"), Does.StartWith("-----BEGIN RSA PUBLIC KEY-----\n"));
        Assert.That(answer["payment_data"]!["token_info"]![0].Text("token_contract"), Is.EqualTo("0xusdc"));
        Assert.That(answer["payment_data"]!["token_info"]![0]!["token_decimals"]!.GetValue<int>(), Is.EqualTo(6));

        // The single query after signing found no earlier purchase; polling waits for the payment report.
        var queriesBeforePaying = _parties.ReceivedJws.Count;
        _parties.PaymentOnChain = true;
        await (await alice.StartPollingAsync("notes")).ReadEnvelopeAsync(HttpStatusCode.OK);
        await alice.WaitForStatusAsync("notes", "purchased");
        Assert.That(queriesBeforePaying, Is.EqualTo(1));
        Assert.That(_parties.ReceivedJws, Does.Contain("larepass.jws.1"), "the checkout got LarePass's JWS");
        // The VC goes to LarePass right after the purchase is saved (and visible) as purchased.
        await Eventually.HoldsAsync(
            () => Task.FromResult(_larePass.Messages.Any(m => m.Topic == LarePassMessage.SavePaymentVc)),
            "the VC sent to LarePass to save",
            TimeSpan.FromSeconds(10));

        var install = await (await alice.SendJsonAsync(HttpMethod.Post, "/apps/notes/install", AppTestKit.InstallBody("notes", sync: false))).ReadEnvelopeAsync(HttpStatusCode.OK);
        await alice.WaitForTaskAsync(install.TaskId());
        var submitted = _appService.Requests.First(r => r.Operation == "install");
        var env = (submitted.Json!["envs"] as JsonArray)!.FirstOrDefault(e => e.Text("envName") == "VERIFIABLE_CREDENTIAL");
        Assert.That(env.Text("value"), Is.EqualTo(FakePaymentParties.Vc));
        Assert.That(await PurchaseRows.TaskRowsContainAsync(_factory, FakePaymentParties.Vc), Is.False);
    }

    [Test]
    public async Task A_refused_jws_asks_to_sign_again_with_is_resign()
    {
        await PaymentTestKit.AddPaidAppAsync(_factory, "notes");
        var alice = _factory.UserClient("alice");
        await alice.PurchaseAsync("notes");
        await alice.WaitForStatusAsync("notes", "payment_required");
        await QueriedAfterSigningAsync(); // else that single query, not the poll, would take the forced answer

        _parties.NextCodes.Enqueue(1100);
        await (await alice.StartPollingAsync("notes")).ReadEnvelopeAsync(HttpStatusCode.OK);
        await alice.WaitForStatusAsync("notes", "signature_need_resign");

        // The user already paid (on chain before the re-sign, so the wallet's quick answer cannot outrun it):
        // the new signature goes straight to polling, which finds the payment.
        _parties.PaymentOnChain = true;
        var resign = await alice.PurchaseAsync("notes");
        Assert.That(resign.Text("status"), Is.EqualTo("signature_required"));
        Assert.That(_larePass.Messages.Last(m => m.Topic == LarePassMessage.MarketPayment).Sign["is_resign"]!.GetValue<bool>(), Is.True);
        await alice.WaitForStatusAsync("notes", "purchased");
    }

    [Test]
    public async Task No_payment_record_after_the_last_attempt_offers_a_retry()
    {
        await PaymentTestKit.AddPaidAppAsync(_factory, "notes");
        var alice = _factory.UserClient("alice");
        await alice.PurchaseAsync("notes");
        await alice.WaitForStatusAsync("notes", "payment_required");

        await (await alice.StartPollingAsync("notes")).ReadEnvelopeAsync(HttpStatusCode.OK);
        var answer = await alice.WaitForStatusAsync("notes", "payment_retry_required");
        Assert.That(answer.Text("message"), Is.EqualTo("Developer has no matching payment record, please retry payment"));
        Assert.That(_parties.ReceivedJws.Count, Is.EqualTo(1 + 3), "one query after signing, then PollAttempts");
    }

    [Test]
    public async Task Developer_info_is_cached_between_status_polls()
    {
        await PaymentTestKit.AddPaidAppAsync(_factory, "notes");
        var alice = _factory.UserClient("alice");
        await alice.PurchaseAsync("notes");
        for (var i = 0; i < 5; i++)
        {
            await alice.StatusAsync("notes");
        }

        Assert.That(_parties.DirectoryCalls, Is.EqualTo(1));
    }
}
