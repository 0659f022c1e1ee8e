using System.Text.Json.Nodes;
using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Market.Application.Packages.Commands.UploadAppPackage;
using Market.Domain.Catalog;
using Market.Domain.Packages;
using Market.Domain.Packages.Manifests;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Packages;

/// <summary>
/// Keeps the catalog row of an uploaded app in step with its packages: one row per source, owner and
/// app, showing the highest uploaded version, with every uploaded version in <c>versionHistory</c>.
/// </summary>
internal static class PackageCatalog
{
    /// <summary>
    /// Stages the row for <paramref name="packages"/> (all packages of one app of one owner in one
    /// source, as they will be after this change) in <paramref name="db"/>; the caller saves.
    /// </summary>
    public static async Task ApplyAsync(
        IMarketDbContext db,
        string sourceId,
        string owner,
        string name,
        IReadOnlyList<AppPackage> packages,
        string? zone,
        DateTime now,
        CancellationToken cancellationToken)
    {
        var row = await db.CatalogApps.FirstOrDefaultAsync(a => a.SourceId == sourceId && a.Owner == owner && a.Name == name, cancellationToken);
        if (packages.Count == 0)
        {
            if (row is not null)
            {
                db.CatalogApps.Remove(row);
            }

            return;
        }

        var ordered = packages
            .OrderByDescending(p => SemanticVersion.ParseOrNull(p.Version) ?? SemanticVersion.Create(0, 0, 0))
            .ThenByDescending(p => p.CreatedAt)
            .ToList();
        var top = ordered[0];
        var taken = await db.CatalogApps.AnyAsync(
            a => a.SourceId == sourceId && a.Owner == owner && a.AppId == top.AppId && a.Name != name, cancellationToken);
        if (taken)
        {
            throw new ConflictException($"app id '{top.AppId}' is already used by another app in source '{sourceId}'");
        }

        var history = new JsonArray(ordered
            .Select(p => (JsonNode)ApplicationInfoEntryBuilder.HistoryItem(ParseManifest(p), p.CreatedAt))
            .ToArray());
        var entry = ApplicationInfoEntryBuilder.Build(ParseManifest(top), top.AppId, zone, now, history);

        if (row is not null && row.AppId != top.AppId)
        {
            db.CatalogApps.Remove(row);
            row = null;
        }

        if (row is null)
        {
            row = new CatalogApp(sourceId, owner, top.AppId, name);
            db.CatalogApps.Add(row);
        }

        var type = ChartPackageLoader.NormalizeType(ManifestJson.Text(ParseManifest(top), "olaresManifest.type"));
        row.ApplyListing(new CatalogListing(name, top.Version, type, entry.ToJsonString(PackageJson.Options)), top.Sha256, now);
    }

    public static JsonObject ParseManifest(AppPackage package) =>
        JsonNode.Parse(package.ManifestJson) as JsonObject ?? [];
}
