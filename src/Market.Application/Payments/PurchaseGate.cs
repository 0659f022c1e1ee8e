using Market.Application.Common.Interfaces;
using Market.Domain.Catalog;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Application.Payments;

/// <summary>
/// The install rule of paid apps: free apps install for anyone; a paid app (a <c>paid</c> price) installs,
/// clones or upgrades only once the user's purchase holds a VC confirmed by the developer.
/// </summary>
public sealed class PurchaseGate(IServiceScopeFactory scopes) : IAppPurchaseGate
{
    public async ValueTask<bool> MayInstallAsync(string user, CatalogApp app, CancellationToken cancellationToken)
    {
        var paid = PaidApp.From(app, app.AppId.Length > 0 ? app.AppId : app.Name);
        if (!paid.IsPaid)
        {
            return true;
        }

        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<PurchaseStore>();
        var purchase = await store.FindAsync(user, paid.RealAppId, paid.ProductId, cancellationToken);
        return purchase?.IsConfirmed == true;
    }
}
