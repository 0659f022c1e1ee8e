using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Market.Application.Common.Catalog;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Json;
using Polly.Timeout;

namespace Market.Infrastructure.Catalog;

/// <summary>
/// The appstore protocols of a remote market: v1 (client-contract §6.2, plain JSON) and v2 (olares-current §2,
/// <c>{code, msg, data}</c> answers; details stay v1; charts v2 then v1). Timeouts and retries come from the
/// resilience pipeline, the private-network refusal from <see cref="GuardedConnect"/>; every failure
/// surfaces as a <see cref="RemoteMarketException"/> naming the step.
/// </summary>
internal sealed class RemoteMarketClient(HttpClient http) : IRemoteMarketClient
{
    public const string HashPath = "api/v1/appstore/hash";
    public const string InfoPath = "api/v1/appstore/info";
    public const string DetailPath = "api/v1/applications/info";
    public const string CatalogV2Path = "api/v2/catalog";
    public const string TaxonomyV2Path = "api/v2/taxonomy";
    public const string ApplicationsV2Path = "api/v2/applications";

    public async Task<RemoteCatalogHash> GetHashAsync(Uri baseUrl, string olaresVersion, CancellationToken cancellationToken)
    {
        var body = (await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, Url(baseUrl, HashPath, olaresVersion)), "hash", cancellationToken))!;
        var hash = JsonRead.Str(body, "hash");
        if (hash.Length == 0)
        {
            throw new RemoteMarketException("hash: the answer has no hash");
        }

        return new RemoteCatalogHash(hash, JsonRead.Str(body, "version"), JsonRead.Str(body, "last_updated"));
    }

    public async Task<JsonObject> GetInfoAsync(Uri baseUrl, string olaresVersion, CancellationToken cancellationToken) =>
        (await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, Url(baseUrl, InfoPath, olaresVersion)), "info", cancellationToken))!;

    public async Task<RemoteCatalogDetails> GetDetailsAsync(Uri baseUrl, IReadOnlyList<string> appIds, string olaresVersion, CancellationToken cancellationToken)
    {
        var payload = new JsonObject
        {
            ["app_ids"] = new JsonArray(appIds.Select(id => (JsonNode?)JsonValue.Create(id)).ToArray()),
            ["version"] = olaresVersion,
        };
        var body = (await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, Url(baseUrl, DetailPath, null)) { Content = JsonContent.Create(payload) },
            "details",
            cancellationToken))!;

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

    public async Task<JsonObject?> GetCatalogV2Async(Uri baseUrl, string sourceId, string olaresVersion, CancellationToken cancellationToken)
    {
        var url = Query(baseUrl, CatalogV2Path, ("source_id", sourceId), ("version", olaresVersion));
        // A v1 source answers 404 here; one behind a CDN or a web app may answer another 4xx or a page that is not
        // a v2 answer. All of those mean "not v2". A 5xx or no answer is the source being down, as for v1.
        var body = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, url), "catalog", cancellationToken, probe: true);
        if (body is null || (body["data"] is not JsonObject && body["code"] is null))
        {
            return null;
        }

        return Unwrap(body, "catalog");
    }

    public async Task<JsonObject> GetTaxonomyV2Async(Uri baseUrl, string olaresVersion, CancellationToken cancellationToken)
    {
        var url = Query(baseUrl, TaxonomyV2Path, ("version", olaresVersion));
        return Unwrap((await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, url), "taxonomy", cancellationToken))!, "taxonomy");
    }

    public async Task<JsonObject> GetApplicationsV2Async(Uri baseUrl, int page, int size, string olaresVersion, CancellationToken cancellationToken)
    {
        var url = Query(baseUrl, ApplicationsV2Path, ("page", page.ToString(CultureInfo.InvariantCulture)),
            ("size", size.ToString(CultureInfo.InvariantCulture)), ("version", olaresVersion));
        return Unwrap((await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, url), "applications", cancellationToken))!, "applications");
    }

    public async Task<byte[]?> GetChartAsync(Uri baseUrl, string appName, string chartFileName, CancellationToken cancellationToken)
    {
        var name = Uri.EscapeDataString(appName);
        return await GetBytesAsync(Query(baseUrl, $"api/v2/applications/{name}/chart"), cancellationToken)
            ?? await GetBytesAsync(Query(baseUrl, $"api/v1/applications/{name}/chart", ("fileName", chartFileName)), cancellationToken);
    }

    public async Task<byte[]?> GetChartVersionAsync(Uri baseUrl, string appName, string version, CancellationToken cancellationToken)
    {
        var name = Uri.EscapeDataString(appName);
        return await GetBytesAsync(Query(baseUrl, $"api/v1/applications/{name}/chart", ("fileName", $"{appName}-{version}.tgz")), cancellationToken)
            ?? await GetBytesAsync(Query(baseUrl, $"api/v2/applications/{name}/chart", ("version", version)), cancellationToken);
    }

    /// <summary>The <c>data</c> of a v2 answer; a non-zero <c>code</c> is the source refusing.</summary>
    private static JsonObject Unwrap(JsonObject body, string step)
    {
        var code = body["code"] is JsonValue value && value.TryGetValue<long>(out var number) ? number : 0;
        if (code != 0)
        {
            throw new RemoteMarketException($"{step}: the source answered code {code}: {JsonRead.Str(body, "msg")}");
        }

        return body["data"] as JsonObject ?? throw new RemoteMarketException($"{step}: the answer has no data object");
    }

    /// <summary>A chart's bytes, or null on 404.</summary>
    private async Task<byte[]?> GetBytesAsync(Uri url, CancellationToken ct)
    {
        try
        {
            using var response = await http.GetAsync(url, ct);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new RemoteMarketException($"chart: the source answered HTTP {(int)response.StatusCode}", unreachable: (int)response.StatusCode >= 500);
            }

            return await response.Content.ReadAsByteArrayAsync(ct);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            throw new RemoteMarketException("chart: the source could not be reached", ex, unreachable: true);
        }
    }

    private static Uri Query(Uri baseUrl, string path, params (string Key, string Value)[] query)
    {
        var url = baseUrl.AbsoluteUri.TrimEnd('/') + "/" + path;
        var pairs = query.Where(q => q.Value.Length > 0).Select(q => $"{q.Key}={Uri.EscapeDataString(q.Value)}").ToList();
        return new Uri(pairs.Count == 0 ? url : url + "?" + string.Join('&', pairs));
    }

    private static Uri Url(Uri baseUrl, string path, string? olaresVersion)
    {
        var url = baseUrl.AbsoluteUri.TrimEnd('/') + "/" + path;
        return new Uri(olaresVersion is null ? url : $"{url}?version={Uri.EscapeDataString(olaresVersion)}");
    }

    /// <param name="probe">A 4xx or an answer that is not a JSON object is null (the source does not serve this), not an error.</param>
    private async Task<JsonObject?> SendAsync(Func<HttpRequestMessage> request, string step, CancellationToken ct, bool probe = false)
    {
        try
        {
            using var message = request();
            using var response = await http.SendAsync(message, ct);
            if (probe && (int)response.StatusCode is >= 400 and < 500)
            {
                return null;
            }

            if (!response.IsSuccessStatusCode)
            {
                // A 5xx is a source that is down; a 4xx is a URL that does not serve the market protocol.
                throw new RemoteMarketException($"{step}: the source answered HTTP {(int)response.StatusCode}", unreachable: (int)response.StatusCode >= 500);
            }

            var bytes = await response.Content.ReadAsByteArrayAsync(ct);
            var body = JsonNode.Parse(bytes) as JsonObject;
            return body is not null || probe ? body : throw new RemoteMarketException($"{step}: the answer is not a JSON object");
        }
        catch (JsonException) when (probe)
        {
            return null;
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
