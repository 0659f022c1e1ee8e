using Market.Application.Common.Interfaces;
using Market.Domain.Catalog;
using Market.Domain.Sources;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Apps.Operations;

/// <summary>Finds the catalog app an operation names: in that source, visible to the user (own or shared local apps; listed remote apps).</summary>
public static class CatalogAppLookup
{
    public const string NotFoundMessage = "App not found";

    public static async Task<CatalogApp?> FindAsync(IMarketDbContext db, string user, string sourceId, string name, CancellationToken cancellationToken)
    {
        var source = await db.MarketSources.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sourceId, cancellationToken);
        if (source is null)
        {
            return null;
        }

        var remote = source.Type == MarketSourceType.Remote;
        var candidates = await db.CatalogApps.AsNoTracking()
            .Where(a => a.SourceId == sourceId && a.Name == name && !a.IsDelisted)
            .Where(a => remote ? a.Owner == string.Empty : a.Owner == user || a.Owner == string.Empty)
            .ToListAsync(cancellationToken);

        // A user's own upload shadows a shared app of the same name.
        return candidates.OrderByDescending(a => a.Owner == user).FirstOrDefault();
    }
}
