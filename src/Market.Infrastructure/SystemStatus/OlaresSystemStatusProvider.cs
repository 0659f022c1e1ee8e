using System.Text.Json;
using System.Text.Json.Nodes;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Market.Application.Common.Json;

namespace Market.Infrastructure.SystemStatus;

/// <summary>
/// System status from Olares app-service (original-tasks-payment-runtime §6.7): user-info, user/resource and
/// cluster/resource, asked in parallel on the caller's behalf (<c>X-Bfl-User</c>). A failed or non-JSON answer
/// becomes <c>{}</c>, which the query then completes. The Olares version is the deployment's
/// (<c>OLARES_VERSION</c>), as the shipped backend reads it, not app-service's (olares-current §1).
/// </summary>
internal sealed partial class OlaresSystemStatusProvider(
    HttpClient http,
    IOptions<SystemOptions> system,
    ILogger<OlaresSystemStatusProvider> logger) : ISystemStatusProvider
{
    public async Task<SystemStatusParts> GetStatusAsync(string user, CancellationToken cancellationToken)
    {
        var userInfo = GetAsync("/app-service/v1/user-info", user, cancellationToken);
        var userResource = GetAsync("/app-service/v1/user/resource", user, cancellationToken);
        var clusterResource = GetAsync("/app-service/v1/cluster/resource", user, cancellationToken);
        await Task.WhenAll(userInfo, userResource, clusterResource);
        return new SystemStatusParts(await userInfo, await userResource, await clusterResource, new JsonObject { ["version"] = system.Value.Version });
    }

    public Task<string> GetOlaresVersionAsync(CancellationToken cancellationToken) => Task.FromResult(system.Value.Version);

    private async Task<JsonObject> GetAsync(string path, string? user, CancellationToken ct)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (!string.IsNullOrEmpty(user))
            {
                request.Headers.Add("X-Bfl-User", user);
            }

            using var response = await http.SendAsync(request, ct);
            if (!response.IsSuccessStatusCode)
            {
                LogUpstreamFailed(logger, path, $"HTTP {(int)response.StatusCode}");
                return [];
            }

            return JsonNode.Parse(await response.Content.ReadAsByteArrayAsync(ct)) as JsonObject ?? [];
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            LogUpstreamFailed(logger, path, ex.Message);
            return [];
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "app-service {Path} failed: {Error}")]
    private static partial void LogUpstreamFailed(ILogger logger, string path, string error);
}
