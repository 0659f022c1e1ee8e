using Market.Application.Common.Interfaces;
using Market.Domain.Catalog;

namespace Market.Infrastructure.Tasks;

/// <summary>
/// The answer until the payments feature registers its own: free apps may be installed by anyone;
/// paid apps (a price block in the catalog) may not, since no purchase can be recorded yet.
/// </summary>
internal sealed class FreeAppsPurchaseGate : IAppPurchaseGate
{
    public ValueTask<bool> MayInstallAsync(string user, CatalogApp app, CancellationToken cancellationToken) =>
        ValueTask.FromResult(string.IsNullOrWhiteSpace(app.PriceJson) || app.PriceJson.Trim() is "null" or "{}");
}
