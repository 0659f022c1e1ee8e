using System.Text.Json.Nodes;
using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Json;
using Market.Application.Common.Options;
using Market.Application.Packages;
using Market.Application.Packages.Commands.UploadAppPackage;
using Market.Domain.Catalog;
using Market.Domain.Sources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Market.Application.Apps.Operations;

/// <summary>
/// The catalog app at the version an install or upgrade names (ADR 0021). The catalog row shows the newest
/// version; an older one that its version history offers is read from that version's own chart: the uploaded
/// package of a local source, or the chart the remote source serves for that version (the remote stays the
/// chart's home, nothing is stored). The answer is a detached row: it is never saved.
/// </summary>
public sealed class CatalogVersionLookup(
    IMarketDbContext db,
    IRemoteMarketClient remote,
    IChartArchiveReader archives,
    IYamlDocumentReader yaml,
    IOptions<SystemOptions> system,
    IOptions<AuthOptions> auth)
{
    /// <returns><paramref name="current"/> when <paramref name="version"/> is null or its own; null when the history
    /// does not offer that version or its chart cannot be found.</returns>
    public async Task<CatalogApp?> AtVersionAsync(CatalogApp current, string user, string? version, CancellationToken cancellationToken)
    {
        if (version is null || current.Version == version)
        {
            return current;
        }

        if (!Offers(current, version))
        {
            return null;
        }

        var source = await db.MarketSources.AsNoTracking().FirstOrDefaultAsync(s => s.Id == current.SourceId, cancellationToken);
        if (source is null)
        {
            return null;
        }

        var history = (JsonRead.Get(Entry(current), "versionHistory") as JsonArray)?.DeepClone() as JsonArray ?? [];
        var entry = source.Type == MarketSourceType.Remote
            ? await FromRemoteAsync(source, current, user, version, history, cancellationToken)
            : await FromPackageAsync(current, version, history, cancellationToken);
        if (entry is null)
        {
            return null;
        }

        var older = new CatalogApp(current.SourceId, current.Owner, current.AppId, current.Name);
        older.ApplyListing(
            new CatalogListing(current.Name, version, current.Type, entry.ToJsonString(), current.LabelsJson, current.PriceJson),
            current.SummaryHash,
            current.UpdatedAt);
        return older;
    }

    /// <summary>Whether the app's version history lists <paramref name="version"/>.</summary>
    public static bool Offers(CatalogApp app, string version) =>
        JsonRead.Get(Entry(app), "versionHistory") is JsonArray history
        && history.OfType<JsonObject>().Any(v => JsonRead.Str(v, "version") == version);

    private async Task<JsonObject?> FromPackageAsync(CatalogApp current, string version, JsonArray history, CancellationToken cancellationToken)
    {
        var package = await db.AppPackages.AsNoTracking().FirstOrDefaultAsync(
            p => p.SourceId == current.SourceId && p.Owner == current.Owner && p.Name == current.Name && p.Version == version,
            cancellationToken);
        return package is null
            ? null
            : ApplicationInfoEntryBuilder.Build(PackageCatalog.ParseManifest(package), package.AppId, null, package.CreatedAt, history);
    }

    private async Task<JsonObject?> FromRemoteAsync(
        MarketSource source, CatalogApp current, string user, string version, JsonArray history, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(source.BaseUrl, UriKind.Absolute, out var baseUrl))
        {
            return null;
        }

        byte[]? bytes;
        try
        {
            bytes = await remote.GetChartVersionAsync(baseUrl, current.Name, version, cancellationToken);
        }
        catch (RemoteMarketException ex)
        {
            throw new ServiceUnavailableException($"market source {source.Id} could not serve the chart of {current.Name} {version}: {ex.Message}");
        }

        if (bytes is null)
        {
            return null;
        }

        LoadedChart chart;
        try
        {
            using var content = new MemoryStream(bytes, writable: false);
            chart = await ChartPackageLoader.LoadAsync(archives, yaml, content, RenderContext(user), cancellationToken);
        }
        catch (BadRequestException)
        {
            return null; // not a readable chart: the version is not installable from this source
        }

        return chart.Name == current.Name && chart.Version == version
            ? ApplicationInfoEntryBuilder.Build(chart.Manifest, current.AppId, null, current.UpdatedAt, history)
            : null;
    }

    private ManifestRenderContext RenderContext(string user)
    {
        var admin = auth.Value.AdminUsers.FirstOrDefault(a => !string.IsNullOrWhiteSpace(a)) ?? "admin";
        return new ManifestRenderContext(user, admin, system.Value.Version, system.Value.UserZone.Replace("{user}", user, StringComparison.Ordinal));
    }

    private static JsonObject Entry(CatalogApp app) =>
        JsonNode.Parse(string.IsNullOrWhiteSpace(app.EntryJson) ? "{}" : app.EntryJson) as JsonObject ?? [];
}
