using Market.Application.Common.Catalog;

namespace Market.Application.Common.Interfaces;

/// <summary>
/// The read side of the catalog, cached: per-source pre-serialized segments and each user's view and
/// hash, kept in process (and in Redis as a shared second level) and invalidated by market events.
/// Hot paths (<c>/market/hash</c>, 304s) are answered without database work when cached.
/// </summary>
public interface IMarketViewCache
{
    /// <summary>The user's market hash (a content hash of what <c>/market/data</c> would show them).</summary>
    ValueTask<string> GetHashAsync(string user, CancellationToken cancellationToken);

    /// <summary>Everything <c>/market/data</c> and <c>/market/state</c> show the user, as segments.</summary>
    ValueTask<UserMarketView> GetViewAsync(string user, CancellationToken cancellationToken);

    /// <summary>All apps of one source for one owner (<c>""</c> for remote catalogs and shared local apps), delisted included.</summary>
    ValueTask<CatalogPartition> GetPartitionAsync(string sourceId, string owner, CancellationToken cancellationToken);

    /// <summary>Every configured source (id and type), cached.</summary>
    ValueTask<IReadOnlyList<SourceRef>> GetSourcesAsync(CancellationToken cancellationToken);
}
