using System.Text.Json.Nodes;
using Market.Application.Common.Catalog;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Json;
using Market.Application.Common.Options;
using Mediator;
using Microsoft.Extensions.Options;

namespace Market.Application.SystemStatus.Queries.GetSystemStatus;

/// <summary>
/// Takes the provider's parts (this host, or app-service passed through) and completes what the web app
/// cannot do without: <c>terminus_version.version</c> (always the cluster version Market scopes to), <c>cluster_resource.nodes</c> (architectures the
/// apps' <c>supportArch</c> is matched against), the metrics blocks and the caller's role.
/// </summary>
public sealed class GetSystemStatusQueryHandler(ISystemStatusProvider provider, IUserDirectory users, IOptions<SystemOptions> system)
    : IQueryHandler<GetSystemStatusQuery, JsonObject>
{
    private static readonly string[] Metrics = ["cpu", "memory", "disk", "gpu"];

    public async ValueTask<JsonObject> Handle(GetSystemStatusQuery query, CancellationToken cancellationToken)
    {
        var parts = await provider.GetStatusAsync(query.User, cancellationToken);
        var role = await users.GetRoleAsync(query.User, cancellationToken);

        var userInfo = parts.UserInfo;
        userInfo["username"] = JsonRead.Str(userInfo, "username") is { Length: > 0 } name ? name : query.User;
        userInfo["role"] = role;

        var current = parts.CurrentUserResource;
        foreach (var metric in Metrics.Take(2))
        {
            EnsureMetric(current, metric);
        }

        var cluster = parts.ClusterResource;
        var metrics = cluster["metrics"] as JsonObject ?? [];
        cluster["metrics"] = metrics;
        foreach (var metric in Metrics)
        {
            EnsureMetric(metrics, metric);
        }

        if (JsonRead.Strings(cluster["nodes"]).Count == 0)
        {
            cluster["nodes"] = new JsonArray(ClusterArchitectures.Of(cluster).Select(a => (JsonNode?)a).ToArray());
        }

        if (cluster["apps"] is not JsonArray)
        {
            cluster["apps"] = new JsonArray();
        }

        // The cluster's version is the deployment's (OLARES_VERSION or Market:System:Version): the one the
        // catalog is scoped to and installs are checked against, so the web app's preflight agrees with ours.
        var version = parts.TerminusVersion;
        version["version"] = system.Value.Version;

        return new JsonObject
        {
            ["user_info"] = Detach(userInfo),
            ["users"] = new JsonArray(),
            ["cur_user_resource"] = Detach(current),
            ["cluster_resource"] = Detach(cluster),
            ["terminus_version"] = Detach(version),
        };
    }

    /// <summary>A <c>{total, usage}</c> block is what the install pre-check reads; missing numbers become 0.</summary>
    private static void EnsureMetric(JsonObject parent, string name)
    {
        var metric = parent[name] as JsonObject ?? [];
        parent[name] = metric;
        metric["total"] ??= 0;
        metric["usage"] ??= 0;
    }

    private static JsonObject Detach(JsonObject node) => node.Parent is null ? node : node.DeepClone().AsObject();
}
