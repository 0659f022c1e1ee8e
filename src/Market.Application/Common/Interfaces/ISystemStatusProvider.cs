using System.Text.Json.Nodes;

namespace Market.Application.Common.Interfaces;

/// <summary>
/// Where <c>/settings/system-status</c> comes from: this host (embedded) or Olares app-service. The
/// parts are returned as JSON objects because app-service's answers are passed through.
/// </summary>
public interface ISystemStatusProvider
{
    Task<SystemStatusParts> GetStatusAsync(string user, CancellationToken cancellationToken);

    /// <summary>The Olares version remote markets are asked for (<c>?version=</c>).</summary>
    Task<string> GetOlaresVersionAsync(CancellationToken cancellationToken);
}

/// <summary>The four upstream parts; any may be empty and is completed by the query.</summary>
public sealed record SystemStatusParts(JsonObject UserInfo, JsonObject CurrentUserResource, JsonObject ClusterResource, JsonObject TerminusVersion);
