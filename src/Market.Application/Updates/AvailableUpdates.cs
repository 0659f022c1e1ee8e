using System.Text.Json.Nodes;
using Market.Application.Common.Catalog;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Json;
using Market.Application.Updates.Models;
using Market.Domain.Apps;
using Market.Domain.Packages.Manifests;
using Market.Domain.Updates;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Updates;

/// <summary>
/// Which of a user's installed apps (clones included) have a newer version in the source they came from,
/// remote or local, read through the same catalog partitions as <c>/market/data</c>: a delisted app (gone,
/// held back, not for this Olares version) offers nothing; a user's own upload shadows a shared one.
/// </summary>
public sealed class AvailableUpdates(IMarketDbContext db, IMarketViewCache cache)
{
    /// <summary>Every installed app with a newer version, held and fully skipped ones included (see <see cref="AppUpdateDto.IsOffered"/>).</summary>
    public async Task<IReadOnlyList<AppUpdateDto>> FindAsync(string user, CancellationToken cancellationToken)
    {
        var apps = await db.UserApps.AsNoTracking().Where(a => a.UserId == user).Where(UserApp.Installed)
            .Where(a => a.InstalledVersion != string.Empty).OrderBy(a => a.AppName).ToListAsync(cancellationToken);
        if (apps.Count == 0)
        {
            return [];
        }

        var choices = await db.UpdatePreferences.AsNoTracking().Where(p => p.UserId == user).ToDictionaryAsync(p => p.AppName, cancellationToken);
        var sources = await cache.GetSourcesAsync(cancellationToken);
        var updates = new List<AppUpdateDto>();
        foreach (var app in apps)
        {
            var source = sources.FirstOrDefault(s => s.Id == app.SourceId);
            if (source is null || await FindListedAsync(source, user, app.ChartName, cancellationToken) is not { } item || !IsNewer(item.Version, app.InstalledVersion))
            {
                continue;
            }

            var choice = choices.GetValueOrDefault(app.AppName);
            updates.Add(new AppUpdateDto(
                app.AppName, app.ChartName, app.Title, app.SourceId, app.IsClone, app.InstalledVersion, item.Version,
                ReleasesBetween(item, app.InstalledVersion, choice), choice?.Held ?? false, choice?.SkippedVersion));
        }

        return updates;
    }

    private async Task<CatalogItem?> FindListedAsync(SourceRef source, string user, string chartName, CancellationToken cancellationToken)
    {
        if (!source.IsRemote && (await cache.GetPartitionAsync(source.Id, user, cancellationToken)).ByName.TryGetValue(chartName, out var own) && !own.IsDelisted)
        {
            return own;
        }

        return (await cache.GetPartitionAsync(source.Id, string.Empty, cancellationToken)).ByName.TryGetValue(chartName, out var shared) && !shared.IsDelisted
            ? shared
            : null;
    }

    /// <summary>The releases after <paramref name="installed"/> up to the newest, newest first; the newest alone when the entry has no history.</summary>
    private static IReadOnlyList<ReleaseDto> ReleasesBetween(CatalogItem item, string installed, UpdatePreference? choice)
    {
        var entry = item.Entry();
        var releases = new List<ReleaseDto>();
        foreach (var version in (JsonRead.Get(entry, "versionHistory") as JsonArray ?? []).OfType<JsonObject>())
        {
            var number = JsonRead.Str(version, "version");
            if (number.Length == 0 || !IsNewer(number, installed) || IsNewer(number, item.Version) || releases.Any(r => r.Version == number))
            {
                continue;
            }

            var mergedAt = JsonRead.Str(version, "mergedAt");
            releases.Add(new ReleaseDto(
                number, JsonRead.Str(version, "versionName"), JsonRead.DefaultText(JsonRead.Get(version, "upgradeDescription")),
                mergedAt.Length > 0 ? mergedAt : null, choice?.Skips(number) ?? false));
        }

        if (releases.All(r => r.Version != item.Version))
        {
            var spec = JsonRead.Get(entry, "versionName");
            releases.Add(new ReleaseDto(item.Version, JsonRead.Str(spec), JsonRead.DefaultText(JsonRead.Get(entry, "upgradeDescription")), null, choice?.Skips(item.Version) ?? false));
        }

        return releases.OrderByDescending(r => SemanticVersion.ParseOrNull(r.Version) ?? SemanticVersion.Create(0, 0, 0)).ToList();
    }

    /// <summary>Semantic order when both parse; otherwise any other version counts as newer (a source may not use semver).</summary>
    public static bool IsNewer(string candidate, string than)
    {
        var a = SemanticVersion.ParseOrNull(candidate);
        var b = SemanticVersion.ParseOrNull(than);
        return a is not null && b is not null ? a.CompareTo(b) > 0 : candidate != than;
    }
}
