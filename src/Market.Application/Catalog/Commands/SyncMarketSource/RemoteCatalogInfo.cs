using System.Text.Json.Nodes;
using Market.Application.Common.Catalog;
using Market.Application.Common.Json;
using Market.Domain.Sources;

namespace Market.Application.Catalog.Commands.SyncMarketSource;

/// <summary>One app of a remote's <c>/appstore/info</c> summary: the digest that decides refetching, and its name for the views.</summary>
public sealed record RemoteSummary(string Hash, string Name);

/// <summary>Reads the parts of a remote's <c>/api/v1/appstore/info</c> document that the sync decides on.</summary>
public static class RemoteCatalogInfo
{
    /// <summary>The v1 index of a source: its info document, refused without a hash or a version.</summary>
    public static RemoteCatalogIndex Index(JsonObject info)
    {
        var hash = JsonRead.Str(info, "hash");
        var version = JsonRead.Str(info, "version");
        if (hash.Length == 0 || version.Length == 0)
        {
            throw new Common.Interfaces.RemoteMarketException("catalog info has no hash or version");
        }

        var data = info["data"] as JsonObject;
        return new RemoteCatalogIndex(
            "v1",
            hash,
            version,
            ParseTime(JsonRead.Str(info, "last_updated")),
            ReadSummaries(data),
            OthersNormalizer.Normalize(data, hash, version),
            ReadLabels(info),
            new Dictionary<string, JsonObject>(),
            RefetchAllWhenNoSummaryMoved: true);
    }

    private static DateTime? ParseTime(string text) =>
        DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var time)
            ? time.UtcDateTime
            : null;

    /// <summary>Ids of <c>data.apps</c> whose object's own id is absent or equals its key, with their summaries.</summary>
    public static Dictionary<string, RemoteSummary> ReadSummaries(JsonObject? data)
    {
        var result = new Dictionary<string, RemoteSummary>(StringComparer.Ordinal);
        switch (data?["apps"])
        {
            case JsonObject apps:
                foreach (var (key, value) in apps)
                {
                    if (key.Length > 0 && value is JsonObject app && JsonRead.Str(app, "id") is var id && (id.Length == 0 || id == key))
                    {
                        result[key] = Summary(app);
                    }
                }

                break;
            case JsonArray list:
                foreach (var app in list.OfType<JsonObject>())
                {
                    var id = JsonRead.Str(app, "id");
                    if (id.Length > 0)
                    {
                        result[id] = Summary(app);
                    }
                }

                break;
        }

        return result;
    }

    /// <summary>
    /// How the source names itself: a <c>source</c> object of the info document
    /// (<c>{display_name, short_label, icon}</c>, camelCase accepted), else the same keys at its top level.
    /// </summary>
    public static SourceLabels ReadLabels(JsonObject info)
    {
        var block = JsonRead.Get(info, "source") as JsonObject;
        var labels = Labels(block);
        return block is null ? Labels(info) : labels.Or(Labels(info));
    }

    private static SourceLabels Labels(JsonObject? node) => SourceLabels.Of(
        JsonRead.FirstStr(node, "display_name", "displayName"),
        JsonRead.FirstStr(node, "short_label", "shortLabel"),
        JsonRead.Str(node, "icon"));

    private static RemoteSummary Summary(JsonObject app) => new(RemoteEntryNormalizer.SummaryHash(app), JsonRead.Str(app, "name"));
}
