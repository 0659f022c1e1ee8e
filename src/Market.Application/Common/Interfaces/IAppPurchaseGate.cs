using Market.Domain.Catalog;

namespace Market.Application.Common.Interfaces;

/// <summary>May this user install (or clone) this app? Answered by the payments feature; free apps always may.</summary>
public interface IAppPurchaseGate
{
    ValueTask<bool> MayInstallAsync(string user, CatalogApp app, CancellationToken cancellationToken);
}
