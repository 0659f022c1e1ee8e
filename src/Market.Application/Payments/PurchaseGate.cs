using Market.Application.Common.Interfaces;
using Market.Domain.Catalog;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Payments;

/// <summary>
/// The install rule of paid apps: free apps install for anyone; a paid app (a <c>paid</c> price) installs,
/// clones or upgrades only once the user's purchase holds a VC confirmed by the developer. Scoped: it reads
/// through the context of the operation it gates.
/// </summary>
public sealed class PurchaseGate(IMarketDbContext db) : IAppPurchaseGate
{
    public async ValueTask<bool> MayInstallAsync(string user, CatalogApp app, CancellationToken cancellationToken)
    {
        var paid = PaidApp.From(app, app.AppId.Length > 0 ? app.AppId : app.Name);
        if (!paid.IsPaid)
        {
            return true;
        }

        var purchase = await db.Purchases.AsNoTracking()
            .FirstOrDefaultAsync(p => p.UserId == user && p.AppId == paid.RealAppId && p.ProductId == paid.ProductId, cancellationToken);
        return purchase?.IsConfirmed == true;
    }
}
