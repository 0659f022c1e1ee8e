using Market.Application.Common.Interfaces;
using Market.Domain.Catalog;
using Market.Domain.Payments;
using Market.Domain.Sources;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Payments;

/// <summary>A catalog app as the payment routes see it: its price, the real app id and the product bought.</summary>
public sealed record PaidApp(CatalogApp App, PriceConfig? Price, string RealAppId, string ProductId)
{
    public bool IsPaid => Price?.IsPaid == true;

    /// <summary>
    /// Finds the app the route names (<c>{id}</c> = its id or its name) among the apps this user sees:
    /// in one source, or in every source (legacy route; remote sources first, then by source id, so the
    /// answer is the same every time).
    /// </summary>
    public static async Task<PaidApp?> FindAsync(IMarketDbContext db, string user, string? source, string id, CancellationToken cancellationToken)
    {
        var query = db.CatalogApps.AsNoTracking()
            .Where(a => !a.IsDelisted && (a.AppId == id || a.Name == id) && (a.Owner == string.Empty || a.Owner == user));
        if (source is not null)
        {
            query = query.Where(a => a.SourceId == source);
        }

        var candidates = await query.ToListAsync(cancellationToken);
        if (candidates.Count == 0)
        {
            return null;
        }

        var remoteIds = await db.MarketSources.AsNoTracking().Where(s => s.Type == MarketSourceType.Remote).Select(s => s.Id).ToListAsync(cancellationToken);
        var app = candidates
            .OrderByDescending(a => a.Owner == user)
            .ThenByDescending(a => a.AppId == id)
            .ThenByDescending(a => remoteIds.Contains(a.SourceId))
            .ThenBy(a => a.SourceId, StringComparer.Ordinal)
            .First();
        return From(app, id);
    }

    public static PaidApp From(CatalogApp app, string requestedId)
    {
        var price = PriceConfig.Parse(app.PriceJson);
        var realAppId = PriceConfig.RealAppId(app.AppId, requestedId);
        return new PaidApp(app, price, realAppId, price?.ProductIdFor(realAppId) ?? realAppId);
    }
}
