namespace Market.Application.Common.Catalog;

/// <summary>
/// The parts a user's view is assembled from, as the cache hands them out (each cached on its own):
/// the sources, the partitions of catalog rows, and the segments shared by many users.
/// </summary>
public interface IMarketViewParts
{
    ValueTask<IReadOnlyList<SourceRef>> GetSourcesAsync(CancellationToken cancellationToken);

    /// <summary>All apps of one source for one owner (<c>""</c> for remote catalogs and shared local apps).</summary>
    ValueTask<CatalogPartition> GetPartitionAsync(string sourceId, string owner, CancellationToken cancellationToken);

    /// <summary>A local source's <c>app_info_latest</c> for users without uploads of their own (see <see cref="MarketViewBuilder.SharedLocalInfo"/>).</summary>
    ValueTask<JsonSegment> GetSharedLocalInfoAsync(string sourceId, CancellationToken cancellationToken);

    /// <summary>A remote's listed apps and curated content (see <see cref="MarketViewBuilder.Remote"/>).</summary>
    ValueTask<RemoteSegments> GetRemoteAsync(string sourceId, CancellationToken cancellationToken);
}

/// <summary>A remote's two segments: its visible <c>app_info_latest</c> and its normalized <c>others</c>.</summary>
public sealed record RemoteSegments(JsonSegment Info, JsonSegment Others);
