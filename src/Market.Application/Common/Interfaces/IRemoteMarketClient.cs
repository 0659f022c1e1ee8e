using System.Text.Json.Nodes;

namespace Market.Application.Common.Interfaces;

/// <summary>What <c>GET /api/v1/appstore/hash</c> answers.</summary>
public sealed record RemoteCatalogHash(string Hash, string Version, string LastUpdated);

/// <summary>What <c>POST /api/v1/applications/info</c> answers for one batch of ids.</summary>
public sealed record RemoteCatalogDetails(IReadOnlyDictionary<string, JsonObject> Apps, IReadOnlyList<string> NotFound);

/// <summary>
/// A remote market source speaking the appstore protocol (client-contract §6): plain JSON, no envelope.
/// Timeouts, retries and the private-network guard live in the adapter. Failures are
/// <see cref="RemoteMarketException"/> with a message fit for the runtime views.
/// </summary>
public interface IRemoteMarketClient
{
    Task<RemoteCatalogHash> GetHashAsync(Uri baseUrl, string olaresVersion, CancellationToken cancellationToken);

    /// <summary>The whole <c>/api/v1/appstore/info</c> document.</summary>
    Task<JsonObject> GetInfoAsync(Uri baseUrl, string olaresVersion, CancellationToken cancellationToken);

    Task<RemoteCatalogDetails> GetDetailsAsync(Uri baseUrl, IReadOnlyList<string> appIds, string olaresVersion, CancellationToken cancellationToken);

    /// <summary>
    /// The v2 protocol's first step, <c>GET /api/v2/catalog</c> (olares-current §2): its <c>data</c>, or null when
    /// the source answers 404 there, which means it speaks v1.
    /// </summary>
    Task<JsonObject?> GetCatalogV2Async(Uri baseUrl, string sourceId, string olaresVersion, CancellationToken cancellationToken);

    /// <summary><c>GET /api/v2/taxonomy</c>: its <c>data</c> (source labels, languages, categories, pages …).</summary>
    Task<JsonObject> GetTaxonomyV2Async(Uri baseUrl, string olaresVersion, CancellationToken cancellationToken);

    /// <summary>One page of <c>GET /api/v2/applications?page=&amp;size=</c>: its <c>data</c> (items, removed, has_more …).</summary>
    Task<JsonObject> GetApplicationsV2Async(Uri baseUrl, int page, int size, string olaresVersion, CancellationToken cancellationToken);

    /// <summary>
    /// An app's chart archive: <c>/api/v2/applications/{name}/chart</c>, else (404) v1
    /// <c>/api/v1/applications/{name}/chart?fileName=</c>; null when neither has it.
    /// </summary>
    Task<byte[]?> GetChartAsync(Uri baseUrl, string appName, string chartFileName, CancellationToken cancellationToken);

    /// <summary>
    /// The chart of one named (usually older) version: v1 <c>/api/v1/applications/{name}/chart?fileName={name}-{version}.tgz</c>
    /// first, the one route known to name a version, else v2 with <c>?version=</c>; null when neither has it.
    /// The caller checks the archive's version, as a source may ignore what it does not know.
    /// </summary>
    Task<byte[]?> GetChartVersionAsync(Uri baseUrl, string appName, string version, CancellationToken cancellationToken);
}

/// <summary>A remote source could not be read (unreachable, refused, timed out, bad status or garbage).</summary>
/// <param name="unreachable">True when the source could not be reached at all (network, timeout, 5xx); false when it
/// answered something that is not the market protocol.</param>
public sealed class RemoteMarketException(string message, Exception? inner = null, bool unreachable = false) : Exception(message, inner)
{
    /// <summary><see cref="Market.Domain.Sources.SourceHealth.Unreachable"/> or <see cref="Market.Domain.Sources.SourceHealth.Invalid"/>.</summary>
    public string Kind { get; } = unreachable ? Market.Domain.Sources.SourceHealth.Unreachable : Market.Domain.Sources.SourceHealth.Invalid;
}
