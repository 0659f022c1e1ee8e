using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Market.Testing.Payments;

/// <summary>
/// The Olares payment parties on 127.0.0.1, speaking their real HTTP protocols: the DID gate
/// (<c>/did/domain/faster_search/{name}</c>), the git-bot developer directory
/// (<c>/appstore-git-bot/v1/developer/{name}</c>) and a developer checkout under <c>/dev/{developer}/api/grpc/AuthService/…</c>.
/// The checkout grants a VC once <see cref="PaymentOnChain"/> is set; <see cref="NextCodes"/> forces answers (e.g. 1100, 1501).
/// </summary>
public sealed class FakePaymentParties : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakePaymentParties(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = string.Empty;

    public string CheckoutUrl => BaseUrl + "/dev/{developer}";

    public volatile bool PaymentOnChain;

    public ConcurrentQueue<long> NextCodes { get; } = new();

    public ConcurrentQueue<string> ReceivedJws { get; } = new();

    public ConcurrentQueue<string> DidLookups { get; } = new();

    public int DirectoryCalls;

    public const string ProductId = "notes-pro";

    public const string Vc = "eyJhbGciOiJFZERTQSJ9.eyJ2YyI6eyJjcmVkZW50aWFsU3ViamVjdCI6eyJwcm9kdWN0SWQiOiJub3Rlcy1wcm8ifX19.c2lnbmF0dXJl";

    public static async Task<FakePaymentParties> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakePaymentParties(app);
        app.MapGet("/did/domain/faster_search/{name}", (string name) =>
        {
            fake.DidLookups.Enqueue(name);
            return Results.Json(new JsonObject { ["code"] = 0, ["message"] = "ok", ["data"] = new JsonObject { ["name"] = name, ["did"] = "did:key:" + name, ["rsaPubKey"] = "" } });
        });
        app.MapGet("/appstore-git-bot/v1/developer/{name}", (string name) =>
        {
            Interlocked.Increment(ref fake.DirectoryCalls);
            return Results.Json(new JsonObject
            {
                ["code"] = 0,
                ["data"] = new JsonObject
                {
                    ["developer"] = name,
                    ["rsa_public_keys"] = new JsonArray(new JsonObject { ["isCurrent"] = true, ["key"] = "0x3082010a" }),
                    ["apps"] = new JsonObject
                    {
                        ["app_name"] = "notes",
                        ["products"] = new JsonArray(new JsonObject
                        {
                            ["product_id"] = ProductId,
                            ["price"] = new JsonArray(new JsonObject { ["chain"] = "optimism", ["token_symbol"] = "USDC", ["token_decimals"] = 6, ["token_contract"] = "0xusdc", ["token_amount"] = "100" }),
                        }),
                    },
                },
            });
        });
        app.MapPost("/dev/{developer}/api/grpc/AuthService/GetApplicationSchemaId", () => Results.Json(new JsonObject
        {
            ["code"] = 0,
            ["data"] = new JsonObject { ["manifestId"] = "m-1", ["presentationDefinitionId"] = "pd-1", ["applicationVerifiableCredentialId"] = "avc-1" },
        }));
        app.MapPost("/dev/{developer}/api/grpc/AuthService/ActivateAndGrant", async (HttpRequest request) =>
        {
            var body = await System.Text.Json.Nodes.JsonNode.ParseAsync(request.Body);
            fake.ReceivedJws.Enqueue(body?["jws"]?.GetValue<string>() ?? string.Empty);
            if (fake.NextCodes.TryDequeue(out var code))
            {
                return Results.Json(new JsonObject { ["code"] = code, ["message"] = "forced" });
            }

            return fake.PaymentOnChain
                ? Results.Json(new JsonObject { ["code"] = 0, ["data"] = new JsonObject { ["verifiableCredential"] = Vc } })
                : Results.Json(new JsonObject { ["code"] = 1501, ["message"] = "no payment record" });
        });
        await app.StartAsync();
        fake.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
