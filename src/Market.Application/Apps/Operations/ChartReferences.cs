using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Market.Application.Packages.Queries.GetAppPackage;
using Market.Domain.Catalog;
using Market.Domain.Tasks;
using Microsoft.EntityFrameworkCore;
using static Market.Domain.Packages.Manifests.ManifestJson;

namespace Market.Application.Apps.Operations;

/// <summary>
/// Which chart an operation installs (<see cref="ChartReference"/>), and whether a recorded one is still the chart the
/// runtime would get now. The runtime fetches a chart by name, source and version from Market (the stored upload) or
/// from the remote source; the recorded package id and digest pin that to the exact archive.
/// </summary>
public sealed class ChartReferences(IMarketDbContext db, IRemoteMarketClient remote)
{
    /// <summary>The chart of <paramref name="catalog"/> (at its version) as <paramref name="user"/> would get it now.</summary>
    public async Task<ChartReference> ForAsync(string user, CatalogApp catalog, CancellationToken cancellationToken)
    {
        var package = await FindPackageAsync(user, catalog.SourceId, catalog.Name, catalog.Version, cancellationToken);
        if (package is not null)
        {
            return ChartReference.Uploaded(package.Id, $"{package.Name}-{package.Version}.tgz", package.Sha256);
        }

        var chartName = Text(JsonNode.Parse(catalog.EntryJson) as JsonObject, "chartName");
        return ChartReference.Remote(chartName.Length > 0 ? chartName : $"{catalog.Name}-{catalog.Version}.tgz", string.Empty);
    }

    /// <summary>
    /// A remote app's chart with its digest filled in (fetched once, as the upgrade that records it is accepted); the
    /// chart unchanged when it is an upload, already has a digest, or the source cannot serve it now.
    /// </summary>
    public async Task<ChartReference> WithDigestAsync(ChartReference chart, string user, string source, string name, string version, CancellationToken cancellationToken)
    {
        if (chart.PackageId is not null || chart.Sha256.Length > 0)
        {
            return chart;
        }

        try
        {
            return await RemoteDigestAsync(user, source, name, version, cancellationToken) is { } digest ? chart with { Sha256 = digest } : chart;
        }
        catch (ServiceUnavailableException)
        {
            return chart; // recorded without a digest: a rollback then cannot verify it and says so
        }
    }

    /// <summary>
    /// Null when <paramref name="chart"/> is what the runtime would get for that version now; otherwise why not
    /// (the stored upload is gone or changed, the remote chart's digest differs, or there is no digest to check).
    /// </summary>
    public async Task<string?> MismatchAsync(ChartReference chart, string user, string source, string name, string version, CancellationToken cancellationToken)
    {
        string? found;
        if (chart.PackageId is { } id)
        {
            var package = await db.AppPackages.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
            found = package is not null && package.Version == version ? package.Sha256 : null;
        }
        else
        {
            found = await RemoteDigestAsync(user, source, name, version, cancellationToken);
        }

        return chart.Matches(found) ? null
            : found is null ? $"the chart {chart.FileName} it ran is no longer available"
            : chart.Sha256.Length == 0 ? $"the chart {chart.FileName} it ran was recorded without a digest, so it cannot be verified"
            : $"the chart {chart.FileName} now has sha256 {found}, not the recorded {chart.Sha256}";
    }

    private Task<Domain.Packages.AppPackage?> FindPackageAsync(string user, string source, string name, string version, CancellationToken cancellationToken) =>
        db.AppPackages.AsNoTracking()
            .Where(p => p.Name == name && p.SourceId == source && p.Version == version && (p.Owner == user || p.Owner == string.Empty))
            .OrderByDescending(p => p.Owner == user)
            .FirstOrDefaultAsync(cancellationToken);

    private async Task<string?> RemoteDigestAsync(string user, string source, string name, string version, CancellationToken cancellationToken)
    {
        var download = await RemoteChartDownload.TryAsync(db, remote, new GetAppPackageQuery(user, name, source, version), cancellationToken);
        if (download is null)
        {
            return null;
        }

        await using var content = download.Content;
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(content, cancellationToken));
    }
}
