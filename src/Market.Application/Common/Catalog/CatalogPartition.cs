namespace Market.Application.Common.Catalog;

/// <summary>The configured sources as the read path needs them.</summary>
public sealed record SourceRef(string Id, string Type)
{
    public bool IsRemote => Type == Market.Domain.Sources.MarketSourceType.Remote;
}

/// <summary>
/// The apps of one source for one owner (<c>""</c>: a remote catalog, or local apps every user sees),
/// delisted ones included, with a by-name index for detail look-ups.
/// </summary>
public sealed class CatalogPartition
{
    private CatalogPartition(string sourceId, string owner, IReadOnlyList<CatalogItem> items)
    {
        SourceId = sourceId;
        Owner = owner;
        Items = items;
        var byName = new Dictionary<string, CatalogItem>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            // Several rows may share a name (an app id changed upstream): a listed row beats a delisted
            // one, then the greatest app id wins, as the original's ordered look-up did.
            if (!byName.TryGetValue(item.Name, out var current) || Better(item, current))
            {
                byName[item.Name] = item;
            }
        }

        ByName = byName;
    }

    public string SourceId { get; }

    public string Owner { get; }

    /// <summary>Sorted by name, then app id.</summary>
    public IReadOnlyList<CatalogItem> Items { get; }

    public IReadOnlyDictionary<string, CatalogItem> ByName { get; }

    public static CatalogPartition Create(string sourceId, string owner, IEnumerable<CatalogItem> items) =>
        new(sourceId, owner, items.OrderBy(i => i.Name, StringComparer.Ordinal).ThenBy(i => i.AppId, StringComparer.Ordinal).ToList());

    /// <summary>
    /// What a user sees of a source: listed apps of the shared partition and of their own, their own
    /// winning on a name clash (the demo app and the user's upload of it), sorted by name.
    /// </summary>
    public static IReadOnlyList<CatalogItem> Visible(CatalogPartition shared, CatalogPartition? own)
    {
        var visible = new SortedDictionary<string, CatalogItem>(StringComparer.Ordinal);
        foreach (var partition in own is null ? [shared] : new[] { shared, own })
        {
            foreach (var (name, item) in partition.ByName)
            {
                if (!item.IsDelisted)
                {
                    visible[name] = item;
                }
            }
        }

        return visible.Values.ToList();
    }

    /// <summary>The <c>app_info_latest</c> array of the given items.</summary>
    public static JsonSegment InfoSegment(IReadOnlyList<CatalogItem> items)
    {
        if (items.Count == 0)
        {
            return JsonSegment.EmptyArray;
        }

        var length = 2 + items.Sum(i => i.InfoItem.Length) + items.Count - 1;
        var bytes = new byte[length];
        var at = 0;
        bytes[at++] = (byte)'[';
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0)
            {
                bytes[at++] = (byte)',';
            }

            items[i].InfoItem.CopyTo(bytes, at);
            at += items[i].InfoItem.Length;
        }

        bytes[at] = (byte)']';
        return JsonSegment.FromUtf8(bytes);
    }

    private static bool Better(CatalogItem candidate, CatalogItem current) =>
        current.IsDelisted != candidate.IsDelisted
            ? !candidate.IsDelisted
            : string.CompareOrdinal(candidate.AppId, current.AppId) > 0;
}
