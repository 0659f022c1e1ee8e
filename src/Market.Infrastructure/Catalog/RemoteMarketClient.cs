using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Market.Application.Catalog.Views;
using Market.Application.Common.Interfaces;
using Polly.Timeout;
using Market.Application.Common.Json;

namespace Market.Infrastructure.Catalog;

/// <summary>
/// The appstore protocol of a remote market (client-contract §6.2). Timeouts and retries come from the
/// resilience pipeline, the private-network refusal from <see cref="GuardedConnect"/>; every failure
/// surfaces as a <see cref="RemoteMarketException"/> naming the step.
/// </summary>
internal sealed class RemoteMarketClient(HttpClient http) : IRemoteMarketClient
{
    public const string HashPath = "api/v1/appstore/hash";
    public const string InfoPath = "api/v1/appstore/info";
    public const string DetailPath = "api/v1/applications/info";

    public async Task<RemoteCatalogHash> GetHashAsync(Uri baseUrl, string olaresVersion, CancellationToken cancellationToken)
    {
        var body = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, Url(baseUrl, HashPath, olaresVersion)), "hash", cancellationToken);
        var hash = JsonRead.Str(body, "hash");
        if (hash.Length == 0)
        {
            throw new RemoteMarketException("hash: the answer has no hash");
        }

        return new RemoteCatalogHash(hash, JsonRead.Str(body, "version"), JsonRead.Str(body, "last_updated"));
    }

    public Task<JsonObject> GetInfoAsync(Uri baseUrl, string olaresVersion, CancellationToken cancellationToken) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Get, Url(baseUrl, InfoPath, olaresVersion)), "info", cancellationToken);

    public async Task<RemoteCatalogDetails> GetDetailsAsync(Uri baseUrl, IReadOnlyList<string> appIds, string olaresVersion, CancellationToken cancellationToken)
    {
        var payload = new JsonObject
        {
            ["app_ids"] = new JsonArray(appIds.Select(id => (JsonNode?)JsonValue.Create(id)).ToArray()),
            ["version"] = olaresVersion,
        };
        var body = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, Url(baseUrl, DetailPath, null)) { Content = JsonContent.Create(payload) },
            "details",
            cancellationToken);

        var apps = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        if (body["apps"] is JsonObject found)
        {
            foreach (var (id, app) in found)
            {
                if (app is JsonObject entry)
                {
                    apps[id] = entry;
                }
            }
        }

        return new RemoteCatalogDetails(apps, JsonRead.Strings(body["not_found"]));
    }

    private static Uri Url(Uri baseUrl, string path, string? olaresVersion)
    {
        var url = baseUrl.AbsoluteUri.TrimEnd('/') + "/" + path;
        return new Uri(olaresVersion is null ? url : $"{url}?version={Uri.EscapeDataString(olaresVersion)}");
    }

    private async Task<JsonObject> SendAsync(Func<HttpRequestMessage> request, string step, CancellationToken ct)
    {
        try
        {
            using var message = request();
            using var response = await http.SendAsync(message, ct);
            if (!response.IsSuccessStatusCode)
            {
                // A 5xx is a source that is down; a 4xx is a URL that does not serve the market protocol.
                throw new RemoteMarketException($"{step}: the source answered HTTP {(int)response.StatusCode}", unreachable: (int)response.StatusCode >= 500);
            }

            var bytes = await response.Content.ReadAsByteArrayAsync(ct);
            return JsonNode.Parse(bytes) as JsonObject ?? throw new RemoteMarketException($"{step}: the answer is not a JSON object");
        }
        catch (JsonException ex)
        {
            throw new RemoteMarketException($"{step}: the answer is not valid JSON", ex);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new RemoteMarketException($"{step}: the source did not answer in time", ex, unreachable: true);
        }
        catch (HttpRequestException ex)
        {
            throw new RemoteMarketException($"{step}: {ex.Message}", ex, unreachable: true);
        }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new RemoteMarketException($"{step}: the source did not answer in time", ex, unreachable: true);
        }
    }
}
