using System.Globalization;
using System.Text.Json.Nodes;
using Market.Application.Common.Catalog;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Json;
using Market.Domain.Packages.Manifests;
using Market.Domain.Sources;

namespace Market.Application.Catalog.Commands.SyncMarketSource;

/// <summary>
/// The v2 remote protocol (olares-current §2; ADR 0013): <c>/api/v2/catalog</c> says whether anything moved
/// (<c>apps_last_modify_time</c>, <c>taxonomy_last_modify_time</c>, <c>apps_filter_digest</c>), the taxonomy names
/// the source and carries its curated content, and <c>/api/v2/applications</c> is paged through until
/// <c>has_more</c> is false. The listing is always read whole: an app missing from it, or in its <c>removed</c>
/// list (ids, or objects with <c>app_id</c>), is gone; an item whose digest (it carries its own
/// <c>last_modify_time</c>) moved has its details fetched again, from v1 as the shipped backend does.
/// </summary>
public static class RemoteCatalogV2
{
    public const int PageSize = 100;

    /// <summary>Bounds a source whose <c>has_more</c> never ends (100,000 apps).</summary>
    public const int MaxPages = 1000;

    /// <summary>
    /// The snapshot's hash of a v2 source: the catalog's change marks. It cannot equal a v1 hash, so a source
    /// that moves between protocols runs one full cycle (and keeps its apps, which are keyed by app id).
    /// </summary>
    public static string MarkOf(JsonObject catalog) => string.Join(
        ':',
        "v2",
        JsonRead.Long(JsonRead.Get(catalog, "apps_last_modify_time")).ToString(CultureInfo.InvariantCulture),
        JsonRead.Long(JsonRead.Get(catalog, "taxonomy_last_modify_time")).ToString(CultureInfo.InvariantCulture),
        JsonRead.Str(catalog, "apps_filter_digest"));

    /// <summary>Which protocol produced a stored hash: a v2 mark, else a v1 catalog hash.</summary>
    public static string ProtocolOf(string storedHash) => storedHash.StartsWith("v2:", StringComparison.Ordinal) ? "v2" : "v1";

    public static async Task<RemoteCatalogIndex> ReadAsync(
        IRemoteMarketClient remote, Uri baseUrl, JsonObject catalog, string olaresVersion, CancellationToken ct)
    {
        var taxonomy = await remote.GetTaxonomyV2Async(baseUrl, olaresVersion, ct);
        var items = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        var removed = new HashSet<string>(StringComparer.Ordinal);
        for (var page = 1; page <= MaxPages; page++)
        {
            var answer = await remote.GetApplicationsV2Async(baseUrl, page, PageSize, olaresVersion, ct);
            var pageItems = (JsonRead.Get(answer, "items") as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
            foreach (var item in pageItems)
            {
                if (JsonRead.FirstStr(item, "app_id", "id") is { Length: > 0 } id)
                {
                    items[id] = item;
                }
            }

            foreach (var gone in (JsonRead.Get(answer, "removed") as JsonArray ?? []))
            {
                var id = gone is JsonObject obj ? JsonRead.FirstStr(obj, "app_id", "id") : JsonRead.Str(gone);
                if (id.Length > 0)
                {
                    removed.Add(id);
                }
            }

            if (!JsonRead.Bool(JsonRead.Get(answer, "has_more")) || pageItems.Count == 0)
            {
                break;
            }
        }

        foreach (var id in removed)
        {
            items.Remove(id);
        }

        var summaries = items.ToDictionary(
            i => i.Key,
            i => new RemoteSummary(RemoteEntryNormalizer.SummaryHash(i.Value), JsonRead.Str(i.Value, "name")),
            StringComparer.Ordinal);
        var mark = MarkOf(catalog);
        var version = JsonRead.Str(catalog, "schema_version") is { Length: > 0 } schema ? schema : "v2";
        var modified = JsonRead.Long(JsonRead.Get(catalog, "apps_last_modify_time"));
        return new RemoteCatalogIndex(
            "v2",
            mark,
            version,
            modified > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(modified).UtcDateTime : null,
            summaries,
            OthersNormalizer.Normalize(Curated(taxonomy), mark, version),
            Labels(taxonomy),
            items,
            RefetchAllWhenNoSummaryMoved: false);
    }

    /// <summary>
    /// Completes a v1 detail entry with what only the v2 listing carries: the Olares versions the app runs on
    /// and its featured image.
    /// </summary>
    public static void Complete(JsonObject detail, JsonObject? item)
    {
        if (item is null)
        {
            return;
        }

        if (JsonRead.Str(detail, OlaresRequirement.ConstraintKey).Length == 0
            && JsonRead.Str(item, OlaresRequirement.ConstraintKey) is { Length: > 0 } constraint)
        {
            detail[OlaresRequirement.ConstraintKey] = constraint;
        }

        if (JsonRead.Str(detail, "featuredImage").Length == 0 && JsonRead.Str(item, "featured_image") is { Length: > 0 } image)
        {
            detail["featuredImage"] = image;
        }
    }

    /// <summary>How the source names itself in its taxonomy (<c>source.display_name</c> is a locale map).</summary>
    public static SourceLabels Labels(JsonObject taxonomy)
    {
        var source = JsonRead.Get(taxonomy, "source") as JsonObject;
        var names = JsonRead.Localized(JsonRead.Get(source, "display_name"));
        var display = names.TryGetValue(JsonRead.DefaultLocale, out var english) ? english : names.Values.FirstOrDefault() ?? string.Empty;
        return SourceLabels.Of(display, JsonRead.Str(source, "short_label"), JsonRead.Str(source, "icon"));
    }

    /// <summary>The taxonomy's curated content in the v1 <c>data</c> shape the <c>others</c> block is built from.</summary>
    private static JsonObject Curated(JsonObject taxonomy)
    {
        var data = new JsonObject();
        foreach (var key in new[] { "topics", "topic_lists", "recommends", "tags" })
        {
            if (JsonRead.Get(taxonomy, key) is { } node)
            {
                data[key] = node.DeepClone();
            }
        }

        // A v2 page names its category and lists its items; the client parses a page's content as JSON.
        var pages = new JsonArray();
        foreach (var page in (JsonRead.Get(taxonomy, "pages") as JsonArray ?? []).OfType<JsonObject>())
        {
            pages.Add(new JsonObject
            {
                ["category"] = JsonRead.FirstStr(page, "category_id", "category"),
                ["content"] = (JsonRead.Get(page, "items") ?? JsonRead.Get(page, "content"))?.DeepClone(),
            });
        }

        data["pages"] = pages;
        return data;
    }
}
