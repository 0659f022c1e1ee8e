using Market.Domain.Catalog;

namespace Market.Application.Common.Interfaces;

/// <summary>
/// Saves a sync cycle: the catalog rows it creates, written in bulk (not one tracked entity and one command each),
/// and every change tracked on the unit of work, in one transaction, so a failure leaves the previous catalog as it was.
/// </summary>
public interface ICatalogRowWriter
{
    /// <param name="newRows">Rows never stored before; they are not tracked by the context.</param>
    Task SaveAsync(IReadOnlyList<CatalogApp> newRows, CancellationToken cancellationToken);
}
