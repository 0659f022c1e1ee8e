using System.Text.Json.Nodes;
using Market.Application.Common.Catalog;
using Market.Application.Common.Json;
using Market.Application.Common.Platform;

namespace Market.Application.SystemStatus;

/// <summary>The architectures of the cluster's nodes (<c>cluster_resource.nodes</c>), or this host's when the provider names none.</summary>
public static class ClusterArchitectures
{
    public static IReadOnlyList<string> Of(JsonObject clusterResource)
    {
        var nodes = JsonRead.Strings(clusterResource["nodes"]).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        return nodes.Count > 0 ? nodes : [HostArchitecture.Current];
    }
}
