using Market.Application.Common.Interfaces;
using Market.Domain.Payments;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Payments;

/// <summary>The two ways a purchase is found: by its user, app and product (unique), or by id (a callback ticket).</summary>
internal static class PurchaseRows
{
    public static IQueryable<Purchase> Of(IQueryable<Purchase> purchases, string user, string appId, string productId) =>
        purchases.Where(p => p.UserId == user && p.AppId == appId && p.ProductId == productId);

    /// <summary>A read-only copy (the request's answer is built from it; changes go through the commands).</summary>
    public static Task<Purchase?> FindAsync(IMarketDbContext db, string user, string appId, string productId, CancellationToken cancellationToken) =>
        Of(db.Purchases.AsNoTracking(), user, appId, productId).FirstOrDefaultAsync(cancellationToken);

    public static Task<Purchase?> FindByIdAsync(IMarketDbContext db, long id, CancellationToken cancellationToken) =>
        db.Purchases.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
}
