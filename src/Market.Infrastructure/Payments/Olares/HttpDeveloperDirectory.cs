using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Microsoft.Extensions.Options;
using static Market.Domain.Common.JsonText;

namespace Market.Infrastructure.Payments.Olares;

/// <summary>
/// The appstore git-bot developer API (<c>GET {base}/appstore-git-bot/v1/developer/{name}</c>, 10 s):
/// RSA keys and token metadata, reused for <c>Market:Payments:DeveloperCacheSeconds</c> so a status poll does not call it each time.
/// </summary>
internal sealed class HttpDeveloperDirectory(IHttpClientFactory clients, IOptions<PaymentsOptions> options, TimeProvider clock) : IDeveloperDirectory
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly ConcurrentDictionary<string, (DateTimeOffset Until, DeveloperInfo? Info)> _cache = new(StringComparer.Ordinal);

    public async Task<DeveloperInfo?> GetAsync(string? sourceBaseUrl, string developerName, CancellationToken cancellationToken)
    {
        var configured = options.Value.Olares.DeveloperApiUrl;
        var baseUrl = configured.Length > 0 ? configured : sourceBaseUrl;
        if (string.IsNullOrWhiteSpace(baseUrl) || baseUrl.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var key = $"{baseUrl}|{developerName}";
        var now = clock.GetUtcNow();
        if (_cache.TryGetValue(key, out var cached) && cached.Until > now)
        {
            return cached.Info;
        }

        DeveloperInfo? info;
        try
        {
            info = await FetchAsync(OlaresJson.Base(baseUrl), developerName, cancellationToken);
        }
        catch (PaymentPartyException)
        {
            info = null; // the price config alone answers; try again after the TTL
        }

        _cache[key] = (now + TimeSpan.FromSeconds(options.Value.DeveloperCacheSeconds), info);
        return info;
    }

    private async Task<DeveloperInfo> FetchAsync(string baseUrl, string developerName, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{baseUrl}/appstore-git-bot/v1/developer/{Uri.EscapeDataString(developerName)}");
        using var response = await OlaresJson.SendAsync(clients.CreateClient(OlaresJson.ClientName), request, Timeout, "developer directory", cancellationToken);
        var json = await OlaresJson.ReadAsync(response, "developer directory", cancellationToken);
        if (OlaresJson.Code(json["code"]) is not (0 or null))
        {
            throw new PaymentPartyException("developer directory answered an error code");
        }

        var data = json["data"] as JsonObject ?? [];
        var keys = (data["rsa_public_keys"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var current = keys.FirstOrDefault(k => k["isCurrent"] is JsonValue v && v.TryGetValue<bool>(out var b) && b) ?? keys.FirstOrDefault();
        var apps = data["apps"] switch
        {
            JsonArray array => array.OfType<JsonObject>(),
            JsonObject one => [one],
            _ => [],
        };
        var products = apps
            .SelectMany(a => (a["products"] as JsonArray ?? []).OfType<JsonObject>())
            .Select(p => new DeveloperProduct(
                Text(p["product_id"]),
                (p["price"] as JsonArray ?? []).OfType<JsonObject>().Select(e => (JsonObject)e.DeepClone()).ToList()))
            .ToList();
        return new DeveloperInfo(current is null ? null : Text(current["key"]), products);
    }
}
