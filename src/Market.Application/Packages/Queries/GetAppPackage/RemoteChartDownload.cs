using System.Text.Json.Nodes;
using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Market.Application.Packages.Models;
using Market.Domain.Packages.Manifests;
using Market.Domain.Sources;
using Microsoft.EntityFrameworkCore;
using static Market.Domain.Packages.Manifests.ManifestJson;

namespace Market.Application.Packages.Queries.GetAppPackage;

/// <summary>
/// The chart of a remote source's app, fetched from that source as the shipped backend does (olares-current §2):
/// <c>/api/v2/applications/{name}/chart</c> first, v1 <c>/api/v1/applications/{name}/chart?fileName=</c> on 404.
/// Nothing is stored: the remote stays the chart's home.
/// </summary>
public static class RemoteChartDownload
{
    /// <returns>Null when no remote source lists the app (at that version) or neither protocol has its chart.</returns>
    public static async Task<PackageDownload?> TryAsync(IMarketDbContext db, IRemoteMarketClient remote, GetAppPackageQuery query, CancellationToken cancellationToken)
    {
        var remotes = await db.MarketSources.AsNoTracking()
            .Where(s => s.Type == MarketSourceType.Remote && (string.IsNullOrEmpty(query.Source) || s.Id == query.Source))
            .ToDictionaryAsync(s => s.Id, s => s.BaseUrl, cancellationToken);
        var sourceIds = remotes.Keys.ToList();
        var candidates = await db.CatalogApps.AsNoTracking()
            .Where(a => a.Name == query.Name && a.Owner == string.Empty && !a.IsDelisted && sourceIds.Contains(a.SourceId))
            .ToListAsync(cancellationToken);
        var app = candidates
            .Where(a => string.IsNullOrEmpty(query.Version) || a.Version == query.Version)
            .OrderByDescending(a => SemanticVersion.ParseOrNull(a.Version) ?? SemanticVersion.Create(0, 0, 0))
            .FirstOrDefault();
        if (app is null || !Uri.TryCreate(remotes[app.SourceId], UriKind.Absolute, out var baseUrl))
        {
            return null;
        }

        var chartName = Text(JsonNode.Parse(app.EntryJson) as JsonObject, "chartName");
        var fileName = chartName.Length > 0 ? chartName : $"{app.Name}-{app.Version}.tgz";
        byte[]? bytes;
        try
        {
            bytes = await remote.GetChartAsync(baseUrl, app.Name, fileName, cancellationToken);
        }
        catch (RemoteMarketException ex)
        {
            throw new ServiceUnavailableException($"market source {app.SourceId} could not serve the chart: {ex.Message}");
        }

        return bytes is null ? null : new PackageDownload(new MemoryStream(bytes, writable: false), $"{app.Name}-{app.Version}.tgz", bytes.LongLength);
    }
}
