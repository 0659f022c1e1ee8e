using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Market.Application.Packages.Models;
using Market.Application.SystemStatus;
using Market.Domain.Packages;
using Market.Domain.Sources;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using static Market.Domain.Packages.Manifests.ManifestJson;

namespace Market.Application.Packages.Commands.UploadAppPackage;

/// <summary>
/// Checks the archive and its manifest, stores the package, and makes the app part of the owner's
/// view of the local source. Published versions are immutable (<see cref="PublishedVersions"/>): the
/// same version again is a 409 and a lower one is refused. Only an owner-less import (the demo catalog)
/// may bring the same bytes again, which changes nothing, so that the import stays idempotent.
/// </summary>
public sealed class UploadAppPackageCommandHandler(
    IMarketDbContext db,
    IPackageStore store,
    IChartArchiveReader archives,
    IYamlDocumentReader yaml,
    IMarketEventBus events,
    IUserDirectory users,
    ISystemStatusProvider system,
    IOptions<PackagesOptions> packagesOptions,
    IOptions<AuthOptions> authOptions,
    IOptions<SystemOptions> systemOptions,
    TimeProvider clock) : ICommandHandler<UploadAppPackageCommand, UploadedPackageDto>
{
    public async ValueTask<UploadedPackageDto> Handle(UploadAppPackageCommand command, CancellationToken cancellationToken)
    {
        var sourceId = string.IsNullOrEmpty(command.Source) ? MarketSource.UploadId : command.Source;
        await EnsureLocalSourceAsync(sourceId, cancellationToken);

        var limit = packagesOptions.Value.MaxUploadBytes;
        if (command.Length > limit)
        {
            throw new PayloadTooLargeException($"File too large (max {PackageSizes.Describe(limit)})");
        }

        string sha256;
        await using (var content = command.OpenContent())
        {
            sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(content, cancellationToken));
        }

        var owner = command.User;
        var zone = owner.Length == 0 ? null : systemOptions.Value.UserZone.Replace("{user}", owner, StringComparison.Ordinal);
        var render = await RenderContextAsync(owner, cancellationToken);
        LoadedChart chart;
        await using (var content = command.OpenContent())
        {
            chart = await ChartPackageLoader.LoadAsync(archives, yaml, content, render, cancellationToken);
        }
        if (owner.Length > 0)
        {
            await EnsureArchitectureAsync(owner, chart.Manifest, cancellationToken);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var packages = await db.AppPackages
            .Where(p => p.SourceId == sourceId && p.Owner == owner && p.Name == chart.Name)
            .ToListAsync(cancellationToken);
        var current = packages.FirstOrDefault(p => p.Version == chart.Version);

        if (current is not null && current.Sha256 == sha256 && owner.Length == 0)
        {
            return Describe(command, sourceId, current, EntryOf(current, zone)); // the demo import again: nothing changed
        }

        // The demo import brings versions in folder order, so only a user's upload must supersede the highest one.
        var published = owner.Length > 0 || current is not null ? packages.Select(p => p.Version) : [];
        if (PublishedVersions.RefusalFor(chart.Name, sourceId, chart.Version, published) is { } refusal)
        {
            throw new ConflictException(refusal);
        }

        var key = PackageKeys.For(sourceId, owner, chart.Name, chart.Version, sha256);
        await using (var content = command.OpenContent())
        {
            await store.SaveAsync(key, content, cancellationToken);
        }

        current = new AppPackage(owner, sourceId, chart.Name, chart.Version);
        db.AppPackages.Add(current);
        packages.Add(current);
        current.AppId = chart.AppId;
        current.Sha256 = sha256;
        current.Size = command.Length;
        current.StorageKey = key;
        current.ManifestJson = chart.Manifest.ToJsonString(PackageJson.Options);
        current.CreatedAt = now;

        try
        {
            await PackageCatalog.ApplyAsync(db, sourceId, owner, chart.Name, packages, zone, now, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is DbUpdateException or ConflictException)
        {
            // Nothing was recorded: the stored archive goes too.
            await store.DeleteAsync(key, CancellationToken.None);
            if (ex is DuplicateRowException)
            {
                throw new ConflictException(PublishedVersions.AlreadyExists(chart.Version, chart.Name, sourceId)); // a concurrent upload won
            }

            throw;
        }

        var entry = EntryOf(current, zone);
        await PublishReadyAsync(owner, current, sourceId, entry, cancellationToken);
        return Describe(command, sourceId, current, entry);
    }

    private async Task EnsureLocalSourceAsync(string sourceId, CancellationToken cancellationToken)
    {
        var source = await db.MarketSources.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sourceId, cancellationToken)
            ?? throw new NotFoundException($"Source '{sourceId}' not found");
        if (!source.IsLocal)
        {
            throw new BadRequestException($"Source '{sourceId}' is not a local source; chart packages can only be uploaded to local sources");
        }
    }

    /// <summary>
    /// A chart that declares <c>spec.supportArch</c> must support at least one node architecture of the cluster
    /// (the bundled demo charts, which belong to nobody, are not checked).
    /// </summary>
    private async Task EnsureArchitectureAsync(string owner, JsonObject manifest, CancellationToken cancellationToken)
    {
        var declared = Strings(Object(manifest, "spec"), "supportArch").Where(a => a.Length > 0).ToList();
        if (declared.Count == 0)
        {
            return;
        }

        var cluster = ClusterArchitectures.Of((await system.GetStatusAsync(owner, cancellationToken)).ClusterResource);
        if (!declared.Any(a => cluster.Contains(a, StringComparer.OrdinalIgnoreCase)))
        {
            throw new ArchitectureIncompatibleException(declared, cluster);
        }
    }

    /// <summary>How a legacy template manifest is rendered for this owner (the demo catalog renders as the admin).</summary>
    private async Task<ManifestRenderContext> RenderContextAsync(string owner, CancellationToken cancellationToken)
    {
        var configuredAdmin = authOptions.Value.AdminUsers.FirstOrDefault(a => !string.IsNullOrWhiteSpace(a)) ?? "admin";
        var user = owner.Length == 0 ? configuredAdmin : owner;
        var admin = owner.Length == 0 || UserRoles.IsAdmin(await users.GetRoleAsync(owner, cancellationToken)) ? user : configuredAdmin;
        var zone = systemOptions.Value.UserZone.Replace("{user}", user, StringComparison.Ordinal);
        return new ManifestRenderContext(user, admin, systemOptions.Value.Version, zone);
    }

    private ValueTask PublishReadyAsync(string owner, AppPackage package, string sourceId, JsonObject entry, CancellationToken cancellationToken) =>
        events.PublishAsync(
            PackageEvents.Point(owner, PackageEvents.NewAppReady, package.Name, package.Version, sourceId, entry),
            cancellationToken);

    /// <summary>The entry of exactly this package (the catalog row may show a higher version).</summary>
    private static JsonObject EntryOf(AppPackage package, string? zone) =>
        ApplicationInfoEntryBuilder.Build(PackageCatalog.ParseManifest(package), package.AppId, zone, package.CreatedAt, []);

    private static UploadedPackageDto Describe(UploadAppPackageCommand command, string sourceId, AppPackage package, JsonObject entry)
    {
        var info = new UploadedAppInfoDto(
            package.AppId,
            [],
            Strings(entry, "categories"),
            Text(entry, "cfgType"),
            Text(entry, "chartName"),
            Integer(entry, "createTime") ?? 0,
            TextMap(entry, "description"),
            Text(entry, "developer"),
            Text(entry, "icon"),
            package.AppId,
            package.Name,
            double.TryParse(Text(entry, "rating"), System.Globalization.CultureInfo.InvariantCulture, out var rating) ? rating : 0,
            Text(entry, "target"),
            TextMap(entry, "title"),
            Integer(entry, "updateTime") ?? 0,
            package.Version,
            Text(entry, "versionName"));
        return new UploadedPackageDto(info, command.FileName, sourceId, command.User);
    }

    private static Dictionary<string, string> TextMap(JsonObject entry, string key) =>
        (Object(entry, key) ?? []).ToDictionary(p => p.Key, p => Text(p.Value));
}
