using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Market.Api.Tests.Apps;
using Market.Api.Tests.Infrastructure;
using Market.Application.Common.Interfaces;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Api.Tests.Payments;

/// <summary>Paid catalog entries, payment calls as the web app makes them, and a recorder of payment pushes.</summary>
public static class PaymentTestKit
{
    public const string Host = "market.alice.olares.com";
    public const string ProductId = "notes-pro";

    public static string PriceJson(string developer = "notesdev.olares.com", string productId = ProductId) => new JsonObject
    {
        ["developer"] = developer,
        ["paid"] = new JsonObject
        {
            ["product_id"] = productId,
            ["price"] = new JsonArray(new JsonObject { ["chain"] = "optimism", ["token_symbol"] = "USDC", ["receive_wallet"] = "0xabc", ["product_price"] = "100" }),
        },
        ["products"] = new JsonArray(new JsonObject { ["product_id"] = productId, ["type"] = "lifetime", ["price"] = "100" }),
    }.ToJsonString();

    public static Task AddPaidAppAsync<T>(WebApplicationFactory<T> factory, string name, string? priceJson = null)
        where T : class => AppTestKit.AddCatalogAppAsync(factory, name, priceJson: priceJson ?? PriceJson());

    /// <summary>A client calling as <paramref name="user"/> on any host of the tests (derived factories included).</summary>
    public static HttpClient UserClient<T>(this WebApplicationFactory<T> factory, string user)
        where T : class
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Bfl-User", user);
        return client;
    }

    public static HttpRequestMessage Request(HttpMethod method, string path, JsonNode? body = null, string? host = Host)
    {
        var request = new HttpRequestMessage(method, AppTestKit.Base + path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        if (host is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Forwarded-Host", host);
        }

        return request;
    }

    public static async Task<JsonObject> StatusAsync(this HttpClient client, string app, string source = "upload")
    {
        var envelope = await (await client.SendAsync(Request(HttpMethod.Get, $"/sources/{source}/apps/{app}/payment-status"))).ReadEnvelopeAsync(HttpStatusCode.OK);
        return envelope["data"]!.AsObject();
    }

    public static async Task<JsonObject> PurchaseAsync(this HttpClient client, string app, string source = "upload")
    {
        var envelope = await (await client.SendAsync(Request(HttpMethod.Post, $"/sources/{source}/apps/{app}/purchase"))).ReadEnvelopeAsync(HttpStatusCode.OK);
        return envelope["data"]!.AsObject();
    }

    public static Task<HttpResponseMessage> StartPollingAsync(this HttpClient client, string app, string txHash = "0xfeed", string productId = ProductId) =>
        client.SendAsync(Request(HttpMethod.Post, "/payment/start-polling",
            new JsonObject { ["source_id"] = "upload", ["app_id"] = app, ["tx_hash"] = txHash, ["product_id"] = productId }));

    /// <summary>Polls the status until it is <paramref name="expected"/> (bounded).</summary>
    public static async Task<JsonObject> WaitForStatusAsync(this HttpClient client, string app, string expected, int timeoutSeconds = 30)
    {
        var last = string.Empty;
        return await Eventually.ValueAsync<JsonObject>(
            async () => await client.StatusAsync(app),
            data => (last = data["status"]!.GetValue<string>()) == expected,
            () => $"payment status {expected} of {app} (it stayed {last})",
            TimeSpan.FromSeconds(timeoutSeconds));
    }

    public static string Text(this JsonNode? node, string key) => node?[key]?.GetValue<string>() ?? string.Empty;
}

/// <summary>Records every <c>payment_state_update</c> the bus carries.</summary>
public sealed class PaymentPushes : IDisposable
{
    private readonly IDisposable _subscription;

    public PaymentPushes(IServiceProvider services) =>
        _subscription = services.GetRequiredService<IMarketEventBus>().Subscribe(e =>
        {
            if (e.NotifyType == MarketEvent.PaymentStateUpdate)
            {
                Events.Enqueue(e);
            }

            return ValueTask.CompletedTask;
        });

    public ConcurrentQueue<MarketEvent> Events { get; } = new();

    public IEnumerable<string> StatusesOf(string user) =>
        Events.Where(e => e.User == user).Select(e => e.Payload["extensions"].Text("status"));

    public void Dispose() => _subscription.Dispose();
}

/// <summary>A LarePass that only records requests: the test then plays the wallet over HTTP with the callback URL.</summary>
public sealed class RecordingLarePass : ILarePassChannel
{
    public ConcurrentQueue<LarePassMessage> Messages { get; } = new();

    public ValueTask<bool> PublishAsync(LarePassMessage message, CancellationToken cancellationToken)
    {
        Messages.Enqueue(message);
        return ValueTask.FromResult(true);
    }

    public LarePassMessage Last(string topic) => Messages.Last(m => m.Topic == topic);

    /// <summary>The path and query of the callback URL (the host is the user's, the test server answers any).</summary>
    public static string CallbackPathOf(LarePassMessage message) =>
        new Uri(message.Sign["callback_url"]!.GetValue<string>()).PathAndQuery;
}
