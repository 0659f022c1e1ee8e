using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Market.Application.Common.Interfaces;
using Market.Domain.Apps;
using Market.Domain.Catalog;
using Market.Infrastructure.Persistence;
using Market.Integration.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NATS.Client.Core;

namespace Market.Integration.Tests.Payments;

/// <summary>
/// Purchases on real PostgreSQL + Redis with the Olares parties played over HTTP: the state lives in the
/// database, so a restart during polling still ends purchased and two replicas poll a purchase exactly once.
/// </summary>
[NonParallelizable]
public sealed class PaymentsOnPostgresTests
{
    private const string Host = "market.alice.olares.com";
    private Deployment _deployment = null!;
    private FakePaymentParties _parties = null!;
    private readonly List<IDisposable> _hosts = [];

    [SetUp]
    public async Task SetUp()
    {
        _deployment = await Deployment.CreateAsync();
        _parties = await FakePaymentParties.StartAsync();
    }

    [TearDown]
    public async Task TearDown()
    {
        foreach (var host in _hosts)
        {
            host.Dispose();
        }

        if (_parties is not null)
        {
            await _parties.DisposeAsync();
        }

        if (_deployment is not null)
        {
            await _deployment.DisposeAsync();
        }
    }

    private (WebApplicationFactory<Program> Host, HttpLarePass LarePass) StartReplica(int pollAttempts = 50, string interval = "0.1")
    {
        var replica = _deployment.StartReplica(new Dictionary<string, string?>
        {
            ["Market:Payments:Provider"] = "Olares",
            ["Market:Payments:PollIntervalSeconds"] = interval,
            ["Market:Payments:PollAttempts"] = pollAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Market:Payments:Olares:SystemRemoteServiceUrl"] = _parties.BaseUrl,
            ["Market:Payments:Olares:DeveloperServiceUrl"] = _parties.CheckoutUrl,
            ["Market:Payments:Olares:DeveloperApiUrl"] = _parties.BaseUrl,
            ["Market:Nats:Url"] = "nats://127.0.0.1:9",
        });
        var larePass = new HttpLarePass();
        var host = replica.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.Replace(ServiceDescriptor.Singleton<ILarePassChannel>(larePass))));
        larePass.ClientFactory = host.CreateClient;
        _hosts.Add(host);
        _hosts.Add(replica);
        _ = host.Services; // start it
        return (host, larePass);
    }

    private static HttpClient Alice(WebApplicationFactory<Program> host)
    {
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Add("X-Bfl-User", "alice");
        return client;
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, JsonNode? body = null)
    {
        var request = new HttpRequestMessage(method, Http.Prefix + path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add("X-Forwarded-Host", Host);
        return request;
    }

    private static async Task<string> StatusAsync(HttpClient client) =>
        (await (await client.SendAsync(Request(HttpMethod.Get, "/sources/upload/apps/notes/payment-status"))).ReadEnvelopeAsync(HttpStatusCode.OK))["data"]!["status"]!.GetValue<string>();

    private static async Task WaitForStatusAsync(HttpClient client, string expected, int timeoutSeconds = 60)
    {
        var last = string.Empty;
        await Eventually.ValueAsync<string>(
            async () => last = await StatusAsync(client),
            status => status == expected,
            () => $"payment status {expected} (it stayed {last})",
            TimeSpan.FromSeconds(timeoutSeconds));
    }

    private static async Task AddPaidAppAsync(WebApplicationFactory<Program> host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        var app = new CatalogApp("upload", string.Empty, AppIdentity.RuntimeAppId("notes"), "notes");
        app.ApplyListing(
            new CatalogListing(
                "notes",
                "1.0.0",
                "app",
                """{"name":"notes","title":"notes","entrances":[{"name":"notes","host":"notes","port":80}]}""",
                PriceJson: """{"developer":"notesdev.olares.com","paid":{"product_id":"notes-pro","price":[{"chain":"optimism","token_symbol":"USDC"}]}}"""),
            string.Empty,
            DateTime.UtcNow);
        db.CatalogApps.Add(app);
        await db.SaveChangesAsync();
    }

    private static async Task SignedAndPaidAsync(HttpClient alice)
    {
        await (await alice.SendAsync(Request(HttpMethod.Post, "/sources/upload/apps/notes/purchase"))).ReadEnvelopeAsync(HttpStatusCode.OK);
        await WaitForStatusAsync(alice, "payment_required");
        await (await alice.SendAsync(Request(HttpMethod.Post, "/payment/start-polling",
            new JsonObject { ["source_id"] = "upload", ["app_id"] = "notes", ["tx_hash"] = "0xfeed", ["product_id"] = FakePaymentParties.ProductId })))
            .ReadEnvelopeAsync(HttpStatusCode.OK);
    }

    [Test]
    public async Task With_larepass_on_nats_a_purchase_ends_purchased_and_the_install_carries_the_vc()
    {
        var url = TestNats.Url();
        var prefix = TestNats.NewPrefix();
        await using var appService = await FakeAppService.StartAsync(TimeSpan.FromMilliseconds(50));
        var settings = TestNats.Settings(url, prefix);
        settings["Market:Payments:Provider"] = "Olares";
        settings["Market:Payments:PollIntervalSeconds"] = "0.1";
        settings["Market:Payments:PollAttempts"] = "300";
        settings["Market:Payments:Olares:SystemRemoteServiceUrl"] = _parties.BaseUrl;
        settings["Market:Payments:Olares:DeveloperServiceUrl"] = _parties.CheckoutUrl;
        settings["Market:Payments:Olares:DeveloperApiUrl"] = _parties.BaseUrl;
        settings["Market:Runtime:Provider"] = "Olares";
        settings["Market:Runtime:Olares:AppServiceUrl"] = appService.Url;
        settings["Market:Runtime:Olares:PollIntervalMs"] = "100";
        var host = _deployment.StartReplica(settings);
        _hosts.Add(host);
        _ = host.Services;

        // LarePass listens on the users subject and signs over HTTP, as the wallet does.
        var wallet = new HttpLarePass { ClientFactory = host.CreateClient };
        await using var nats = await TestNats.ConnectAsync(url);
        using var stop = new CancellationTokenSource();
        var subscription = await nats.SubscribeCoreAsync<string>($"{prefix}.users", cancellationToken: stop.Token);
        var relay = Task.Run(async () =>
        {
            await foreach (var message in subscription.Msgs.ReadAllAsync(stop.Token))
            {
                var body = JsonNode.Parse(message.Data!)!.AsObject();
                await wallet.PublishAsync(new LarePassMessage(body["user"]!.GetValue<string>(), body["topic"]!.GetValue<string>(), body["sign"]!.AsObject()), CancellationToken.None);
            }
        });

        await AddPaidAppAsync(host);
        var alice = Alice(host);
        await SignedAndPaidAsync(alice);
        // Paid after the frontend reported it: the polling (up to 300 × 0.1 s) finds it.
        _parties.PaymentOnChain = true;
        await WaitForStatusAsync(alice, "purchased");
        Assert.That(_parties.ReceivedJws, Does.Contain("larepass.jws.1"), "the developer checkout got the JWS LarePass sent back");
        await Eventually.HoldsAsync(() => Task.FromResult(wallet.Messages.Any(m => m.Topic == LarePassMessage.SavePaymentVc)), "save_payment_vc on the users subject");

        var install = await (await alice.PostAsJsonAsync(Http.Prefix + "/apps/notes/install", new JsonObject { ["source"] = "upload", ["app_name"] = "notes", ["version"] = "1.0.0", ["sync"] = true }))
            .ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(install["success"]!.GetValue<bool>(), Is.True);
        var submitted = await Eventually.ValueAsync(
            () => Task.FromResult(appService.Requests.FirstOrDefault(r => r.Operation == "install")),
            _ => true,
            () => "the install submission at app-service");
        var vc = (submitted.Json!["envs"] as JsonArray)!.FirstOrDefault(e => e?["envName"]?.GetValue<string>() == "VERIFIABLE_CREDENTIAL");
        Assert.That(vc?["value"]?.GetValue<string>(), Is.EqualTo(FakePaymentParties.Vc));
        await stop.CancelAsync();
        await subscription.DisposeAsync();
        try
        {
            await relay;
        }
        catch (OperationCanceledException)
        {
            // the relay ends with the subscription
        }
    }

    [Test]
    public async Task A_restart_during_polling_still_ends_purchased()
    {
        var (first, _) = StartReplica();
        await AddPaidAppAsync(first);
        await SignedAndPaidAsync(Alice(first));
        await Eventually.HoldsAsync( // polling is really under way on the first host
            () => Task.FromResult(_parties.ReceivedJws.Count >= 3),
            () => $"three payment queries from the first host (saw {_parties.ReceivedJws.Count})",
            TimeSpan.FromSeconds(30));

        first.Dispose();
        var queriesAtStop = _parties.ReceivedJws.Count;

        _parties.PaymentOnChain = true;
        var (second, _) = StartReplica();
        await WaitForStatusAsync(Alice(second), "purchased");
        Assert.That(_parties.ReceivedJws.Count, Is.GreaterThan(queriesAtStop), "the new host carried on polling");
    }

    [Test]
    public async Task Two_replicas_poll_a_purchase_exactly_once_per_attempt()
    {
        var (a, _) = StartReplica(pollAttempts: 6, interval: "0.05");
        var (b, _) = StartReplica(pollAttempts: 6, interval: "0.05");
        await AddPaidAppAsync(a);
        await SignedAndPaidAsync(Alice(a));

        await WaitForStatusAsync(Alice(b), "payment_retry_required");
        Assert.That(_parties.ReceivedJws.Count, Is.EqualTo(1 + 6), "one query after signing, then each of the 6 attempts once across both replicas");
    }

    [Test]
    public async Task Concurrent_callbacks_on_two_replicas_leave_one_consistent_state()
    {
        var (a, larePassA) = StartReplica();
        var (b, _) = StartReplica();
        await AddPaidAppAsync(a);
        larePassA.ClientFactory = null; // the test plays the wallet
        await (await Alice(a).SendAsync(Request(HttpMethod.Post, "/sources/upload/apps/notes/purchase"))).ReadEnvelopeAsync(HttpStatusCode.OK);
        var path = new Uri(larePassA.Messages.Last(m => m.Topic == LarePassMessage.MarketPayment).Sign["callback_url"]!.GetValue<string>()).PathAndQuery;

        var posts = Enumerable.Range(0, 8).Select(i =>
        {
            var client = (i % 2 == 0 ? a : b).CreateClient();
            client.DefaultRequestHeaders.Add("X-Bfl-User", "alice");
            return client.PostAsync(path, Http.Json(new JsonObject { ["jws"] = $"jws-{i % 2}" }.ToJsonString()));
        });
        var responses = await Task.WhenAll(posts);
        Assert.That(responses.Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.OK));

        await using var scope = a.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        var purchase = await db.Purchases.AsNoTracking().SingleAsync();
        Assert.That(purchase.SignatureStatus, Is.EqualTo("required_and_signed"));
        Assert.That(purchase.LarePassSync, Is.EqualTo("completed"));
        Assert.That(purchase.PaymentStatus, Is.EqualTo("notification_sent"));
        Assert.That(purchase.Jws, Is.AnyOf("jws-0", "jws-1"));
        Assert.That(await StatusAsync(Alice(b)), Is.EqualTo("payment_required"));
    }
}
