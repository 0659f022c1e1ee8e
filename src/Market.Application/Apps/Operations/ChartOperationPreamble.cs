using Market.Application.Apps.Models;
using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Market.Application.Common.Runtime;
using Market.Domain.Apps;
using Market.Domain.Catalog;
using Market.Domain.Tasks;
using Microsoft.Extensions.Options;

namespace Market.Application.Apps.Operations;

/// <summary>
/// What install, upgrade and clone share before the app's transition: the catalog app the user may see
/// (at the version asked for), the purchase gate, the manifest, the envs split into what may be stored
/// and the secret values, the request the runtime needs and the user's entrance zone.
/// </summary>
public sealed class ChartOperationPreamble(IMarketDbContext db, CatalogVersionLookup versions, IAppPurchaseGate purchases, OlaresVersionCheck olaresVersion, ChartReferences charts, IOptions<SystemOptions> system)
{
    public const string PurchaseRequired = "This app must be purchased before it can be installed";

    /// <param name="version">The version the caller names (install, upgrade): the newest or one its version history offers;
    /// null for the newest (clone installs the original's).</param>
    /// <param name="gatePurchase">False when the caller runs the preflight, which checks the purchase among the other blockers.</param>
    public async Task<ChartOperation> PrepareAsync(
        string user, string source, string chartName, string? version, IReadOnlyList<EnvVarDto>? envs, CancellationToken cancellationToken, bool gatePurchase = true)
    {
        await olaresVersion.EnsureAsync(user, source, chartName, cancellationToken);
        var newest = await CatalogAppLookup.FindAsync(db, user, source, chartName, cancellationToken);
        // An older version its history offers is read from that version's chart (ADR 0021).
        var catalog = newest is null ? null : await versions.AtVersionAsync(newest, user, version, cancellationToken);
        if (catalog is null)
        {
            throw new NotFoundException(CatalogAppLookup.NotFoundMessage);
        }

        if (gatePurchase && !await purchases.MayInstallAsync(user, catalog, cancellationToken))
        {
            throw new ForbiddenException(PurchaseRequired);
        }

        var manifest = ManifestEntry.Parse(catalog);
        var (stored, secrets) = TaskRequest.SplitEnvs(envs?.Select(e => e.ToDomain()) ?? [], manifest.Envs);
        var request = new TaskRequest
        {
            Source = source,
            Version = catalog.Version,
            Title = manifest.Title,
            CfgType = manifest.CfgType,
            Envs = stored,
            DeclaredEnvs = manifest.Envs.Select(StoredDeclaredEnv.From).ToList(),
            ComputeModes = manifest.ComputeModes.Count > 0 ? [.. manifest.ComputeModes] : null,
        };
        var chart = await charts.ForAsync(user, catalog, cancellationToken);
        return new ChartOperation(catalog, manifest, request, secrets, EntranceUrls.ZoneOf(system.Value.UserZone, user)) { Chart = chart };
    }
}

/// <summary>A checked chart operation, ready for the app's transition.</summary>
public sealed record ChartOperation(CatalogApp Catalog, ManifestEntry Manifest, TaskRequest Request, IReadOnlyDictionary<string, string> Secrets, string Zone)
{
    /// <summary>The exact chart of <see cref="Catalog"/>'s version (recorded on the task, for a later rollback).</summary>
    public ChartReference? Chart { get; init; }

    /// <summary>The manifest's entrances with <paramref name="appName"/>'s URLs for this user.</summary>
    public IReadOnlyList<AppEntrance> EntrancesFor(string appName, IReadOnlyList<CloneEntrance>? titles = null) =>
        AppEntrance.ForApp(Manifest.Entrances, appName, Zone, titles);

    /// <summary>What the app takes from the catalog when it installs or upgrades to this version.</summary>
    public AppListing ListingFor(string appName, string appId) =>
        new(Request.Source, appId, Catalog.Version, Manifest.Title, Manifest.Icon, EntrancesFor(appName));
}
