using System.Text.Json.Nodes;
using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Market.Domain.Catalog;
using Market.Domain.Packages.Manifests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Market.Application.Apps.Operations;

/// <summary>
/// Refuses an install, clone or upgrade of an app whose Olares requirement (<see cref="OlaresRequirement"/>)
/// the cluster's version does not satisfy, as the web app's own preflight does, with a message naming the
/// required version. It also finds apps the sync held back for that reason (stored, but not listed), so
/// their install answers 422 with the reason rather than 404.
/// </summary>
public sealed class OlaresVersionCheck(IMarketDbContext db, IOptions<SystemOptions> system)
{
    /// <summary>The blocker's code in the 422 envelope.</summary>
    public const string Blocker = "olares_version";

    public async Task EnsureAsync(string user, string sourceId, string chartName, CancellationToken cancellationToken)
    {
        var rows = await db.CatalogApps.AsNoTracking()
            .Where(a => a.SourceId == sourceId && a.Name == chartName && (a.Owner == user || a.Owner == string.Empty))
            .ToListAsync(cancellationToken);
        var row = rows.OrderByDescending(a => a.Owner == user).ThenBy(a => a.IsDelisted).FirstOrDefault();
        if (row is not null)
        {
            Ensure(row, system.Value.Version);
        }
    }

    /// <summary>Throws when <paramref name="app"/> cannot run on <paramref name="clusterVersion"/>.</summary>
    public static void Ensure(CatalogApp app, string clusterVersion)
    {
        var requirement = OlaresRequirement.Of(JsonNode.Parse(app.EntryJson) as JsonObject);
        if (requirement is null || requirement.IsSatisfiedBy(clusterVersion))
        {
            return;
        }

        throw new InstallBlockedException(
            Blocker,
            requirement.Describe(app.Name, clusterVersion),
            new Dictionary<string, string>
            {
                ["app_name"] = app.Name,
                ["required_version"] = requirement.Constraint,
                ["olares_version"] = clusterVersion,
            });
    }
}
