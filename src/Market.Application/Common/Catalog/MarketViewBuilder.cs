using System.Text.Json;
using System.Text.Json.Nodes;
using Market.Application.Catalog.Commands.SyncMarketSource;
using Market.Application.Common.Json;
using Market.Domain.Apps;
using Market.Domain.Settings;

namespace Market.Application.Common.Catalog;

/// <summary>
/// Turns rows into a user's market view (what <c>/market/hash</c>, <c>/market/data</c> and
/// <c>/market/state</c> show): every local source with the user's visible apps, the selected remote with
/// its <c>others</c>, and the user's app states per source. No I/O of its own: the rows come from the
/// caller, the shared parts from <see cref="IMarketViewParts"/>, so the same rows give the same view (and
/// hash) on every replica.
/// </summary>
public static class MarketViewBuilder
{
    /// <param name="selectedSetting">The user's stored source choice (null when never chosen).</param>
    /// <param name="apps">The user's installed apps (their states).</param>
    public static async ValueTask<UserMarketView> BuildAsync(
        string user, string? selectedSetting, IReadOnlyList<UserApp> apps, IMarketViewParts parts, CancellationToken cancellationToken)
    {
        var sources = await parts.GetSourcesAsync(cancellationToken);
        var remotes = sources.Where(s => s.IsRemote).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var selected = UserMarketSettings.VisibleRemote(selectedSetting, remotes);

        var partitions = new Dictionary<string, (CatalogPartition Shared, CatalogPartition? Own)>(StringComparer.Ordinal);
        foreach (var sourceId in apps.Select(a => a.SourceId).Distinct(StringComparer.Ordinal))
        {
            var isLocal = sources.Any(s => s.Id == sourceId && !s.IsRemote);
            partitions[sourceId] = (
                await parts.GetPartitionAsync(sourceId, string.Empty, cancellationToken),
                isLocal ? await parts.GetPartitionAsync(sourceId, user, cancellationToken) : null);
        }

        var states = StateSegments.Build(apps, app => StateSegments.CfgTypeIn(app, partitions[app.SourceId].Shared, partitions[app.SourceId].Own));
        var views = new List<SourceView>();
        foreach (var source in sources)
        {
            var stateSegment = states.GetValueOrDefault(source.Id) ?? JsonSegment.EmptyArray;
            if (!source.IsRemote)
            {
                var own = await parts.GetPartitionAsync(source.Id, user, cancellationToken);

                // Users without uploads of their own share one segment of the source's shared apps.
                var info = own.Items.Count == 0
                    ? await parts.GetSharedLocalInfoAsync(source.Id, cancellationToken)
                    : CatalogPartition.InfoSegment(CatalogPartition.Visible(await parts.GetPartitionAsync(source.Id, string.Empty, cancellationToken), own));
                views.Add(new SourceView(source.Id, source.Type, info, stateSegment, null));
            }
            else if (source.Id == selected)
            {
                var remote = await parts.GetRemoteAsync(source.Id, cancellationToken);
                views.Add(new SourceView(source.Id, source.Type, remote.Info, stateSegment, remote.Others));
            }
        }

        return new UserMarketView(user, selected, views);
    }

    /// <summary>A local source's visible shared apps, the part every user without uploads of their own sees alike.</summary>
    public static JsonSegment SharedLocalInfo(CatalogPartition shared) =>
        CatalogPartition.InfoSegment(CatalogPartition.Visible(shared, null));

    /// <summary>A remote's visible apps and its stored <c>others</c> block, normalized again (idempotent) into the canonical bytes.</summary>
    public static RemoteSegments Remote(CatalogPartition shared, string? storedOthers) =>
        new(SharedLocalInfo(shared), JsonSegment.FromUtf8(OthersFromStored(storedOthers)));

    /// <summary>Empty arrays when the remote was never synced (or the stored block is unreadable).</summary>
    private static byte[] OthersFromStored(string? stored)
    {
        if (string.IsNullOrWhiteSpace(stored))
        {
            return OthersNormalizer.Empty();
        }

        try
        {
            var node = JsonNode.Parse(stored) as JsonObject;
            return OthersNormalizer.Normalize(node, JsonRead.Str(node, "hash"), JsonRead.Str(node, "version"));
        }
        catch (JsonException)
        {
            return OthersNormalizer.Empty();
        }
    }
}
