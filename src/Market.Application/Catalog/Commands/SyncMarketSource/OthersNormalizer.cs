using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Market.Application.Common.Catalog;
using Market.Application.Common.Json;

namespace Market.Application.Catalog.Commands.SyncMarketSource;

/// <summary>
/// Turns a remote market's curated content (topics, pages, tops … as the remote serves them, keyed
/// objects) into the <c>others</c> block the client reads (original-data-and-sync §2.9.1, §5.7;
/// client-contract §3.2): every collection an array (never null), <c>pages[].content</c> a JSON string,
/// <c>tops[].appid</c>, localized titles as string maps, times in RFC 3339. The output is canonical and
/// the normalizer idempotent, so the stored form read back (from jsonb, whose key order differs) gives
/// the same bytes on every replica and database.
/// </summary>
public static class OthersNormalizer
{
    private const string ZeroTime = "0001-01-01T00:00:00Z";

    private static readonly string[] TopicDataFields =
        ["group", "title", "des", "iconimg", "detailimg", "richtext", "mobileDetailImg", "mobileRichtext", "backgroundColor", "apps"];

    /// <summary>Canonical <c>others</c> JSON from a remote <c>data</c> block (or a stored <c>others</c>).</summary>
    public static byte[] Normalize(JsonObject? data, string hash, string version)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var w = new Utf8JsonWriter(buffer, JsonSegment.WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("hash", hash);
            w.WriteString("version", version);
            WriteCollection(w, "topics", JsonRead.Get(data, "topics"), WriteTopic);
            WriteCollection(w, "topic_lists", JsonRead.Get(data, "topic_lists"), WriteTopicList);
            WriteCollection(w, "recommends", JsonRead.Get(data, "recommends"), WriteRecommend);
            WriteCollection(w, "pages", JsonRead.Get(data, "pages"), WritePage);
            WriteCollection(w, "tops", JsonRead.Get(data, "tops"), WriteTop);
            w.WriteStartArray("latest");
            foreach (var name in JsonRead.Strings(JsonRead.Get(data, "latest")))
            {
                w.WriteStringValue(name);
            }

            w.WriteEndArray();
            WriteCollection(w, "tags", JsonRead.Get(data, "tags"), WriteTag);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The empty block a remote that never synced shows.</summary>
    public static byte[] Empty() => Normalize(null, string.Empty, string.Empty);

    /// <summary>RFC 3339 in UTC for a remote time (string or Unix number); unreadable → the zero time, as the original.</summary>
    public static string NormalizeTime(JsonNode? node)
    {
        if (node is JsonValue value)
        {
            switch (value.GetValueKind())
            {
                case JsonValueKind.String when DateTimeOffset.TryParse(value.GetValue<string>(), CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed):
                    return Format(parsed);
                case JsonValueKind.Number:
                    var number = JsonRead.Long(value);
                    if (number > 0)
                    {
                        return Format(number > 100_000_000_000 ? DateTimeOffset.FromUnixTimeMilliseconds(number) : DateTimeOffset.FromUnixTimeSeconds(number));
                    }

                    break;
            }
        }

        return ZeroTime;
    }

    private static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>Items of a keyed object (in document order) or of an array.</summary>
    private static IEnumerable<JsonObject> Items(JsonNode? node) => node switch
    {
        JsonObject obj => obj.Select(p => p.Value).OfType<JsonObject>(),
        JsonArray array => array.OfType<JsonObject>(),
        _ => [],
    };

    private static void WriteCollection(Utf8JsonWriter w, string name, JsonNode? node, Func<Utf8JsonWriter, JsonObject, bool> writeItem)
    {
        w.WriteStartArray(name);
        foreach (var item in Items(node))
        {
            writeItem(w, item);
        }

        w.WriteEndArray();
    }

    private static bool WriteTopic(Utf8JsonWriter w, JsonObject t)
    {
        var id = JsonRead.Str(t, "_id");
        var name = JsonRead.Str(t, "name");
        var data = JsonRead.Get(t, "data") as JsonObject;
        if (id.Length == 0 && name.Length == 0 && (data is null || data.Count == 0))
        {
            return false;
        }

        w.WriteStartObject();
        w.WriteString("_id", id);
        w.WriteString("name", name);
        w.WriteStartObject("data");
        foreach (var (lang, node) in (data ?? []).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (node is not JsonObject langData)
            {
                continue;
            }

            w.WriteStartObject(lang);
            foreach (var field in TopicDataFields)
            {
                w.WriteString(field, JoinedOrString(JsonRead.Get(langData, field)));
            }

            w.WriteBoolean("isdelete", JsonRead.Bool(JsonRead.Get(langData, "isdelete")));
            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteNumber("source", JsonRead.Long(JsonRead.Get(t, "source")));
        WriteTimes(w, t);
        w.WriteEndObject();
        return true;
    }

    private static bool WriteTopicList(Utf8JsonWriter w, JsonObject t)
    {
        var name = JsonRead.Str(t, "name");
        var content = JoinedOrString(JsonRead.Get(t, "content"));
        if (name.Length == 0 && content.Length == 0)
        {
            return false;
        }

        w.WriteStartObject();
        w.WriteString("name", name);
        w.WriteString("type", JsonRead.Str(t, "type"));
        w.WriteString("description", JsonRead.Str(t, "description"));
        w.WriteString("content", content);
        CatalogWire.WriteMap(w, "title", JsonRead.Localized(JsonRead.Get(t, "title")));
        w.WriteNumber("source", JsonRead.Long(JsonRead.Get(t, "source")));
        WriteTimes(w, t);
        w.WriteEndObject();
        return true;
    }

    private static bool WriteRecommend(Utf8JsonWriter w, JsonObject r)
    {
        var name = JsonRead.Str(r, "name");
        var description = JsonRead.Str(r, "description");
        var content = JoinedOrString(JsonRead.Get(r, "content"));
        var data = JsonRead.Get(r, "data") as JsonObject;
        var title = JsonRead.Localized(JsonRead.Get(data, "title"));
        var dataDescription = JsonRead.Localized(JsonRead.Get(data, "description"));
        if (name.Length == 0 && description.Length == 0 && content.Length == 0 && title.Count == 0 && dataDescription.Count == 0)
        {
            return false;
        }

        w.WriteStartObject();
        w.WriteString("name", name);
        w.WriteString("description", description);
        w.WriteString("content", content);
        if (title.Count > 0 || dataDescription.Count > 0)
        {
            w.WriteStartObject("data");
            if (title.Count > 0)
            {
                CatalogWire.WriteMap(w, "title", title);
            }

            if (dataDescription.Count > 0)
            {
                CatalogWire.WriteMap(w, "description", dataDescription);
            }

            w.WriteEndObject();
        }

        var source = JsonRead.Long(JsonRead.Get(r, "source"));
        if (source != 0)
        {
            w.WriteNumber("source", source);
        }

        w.WriteString("createdAt", NormalizeTime(JsonRead.Get(r, "createdAt")));
        w.WriteString("updated_at", NormalizeTime(JsonRead.Get(r, "updated_at")));
        w.WriteEndObject();
        return true;
    }

    private static bool WritePage(Utf8JsonWriter w, JsonObject p)
    {
        var category = JsonRead.Str(p, "category");
        var contentNode = JsonRead.Get(p, "content");

        // The client JSON.parse()s the content: a remote that sends it as a structure gets it stringified.
        var content = contentNode switch
        {
            null => string.Empty,
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            _ => contentNode.ToJsonString(),
        };
        if (category.Length == 0 && content.Length == 0)
        {
            return false;
        }

        w.WriteStartObject();
        w.WriteString("category", category);
        w.WriteString("content", content);
        w.WriteNumber("source", JsonRead.Long(JsonRead.Get(p, "source")));
        w.WriteString("createdAt", NormalizeTime(JsonRead.Get(p, "createdAt")));
        w.WriteString("updated_at", NormalizeTime(JsonRead.Get(p, "updated_at")));
        w.WriteEndObject();
        return true;
    }

    private static bool WriteTop(Utf8JsonWriter w, JsonObject t)
    {
        var appId = JsonRead.FirstStr(t, "appId", "appid");
        if (appId.Length == 0)
        {
            return false;
        }

        w.WriteStartObject();
        w.WriteString("appid", appId);
        w.WriteNumber("rank", JsonRead.Long(JsonRead.Get(t, "rank")));
        w.WriteEndObject();
        return true;
    }

    private static bool WriteTag(Utf8JsonWriter w, JsonObject t)
    {
        var id = JsonRead.Str(t, "_id");
        var name = JsonRead.Str(t, "name");
        var icon = JsonRead.Str(t, "icon");
        var sort = JsonRead.Long(JsonRead.Get(t, "sort"));
        var title = JsonRead.Localized(JsonRead.Get(t, "title"));
        if (id.Length == 0 && name.Length == 0 && icon.Length == 0 && sort == 0 && title.Count == 0)
        {
            return false;
        }

        w.WriteStartObject();
        w.WriteString("_id", id);
        w.WriteString("name", name);
        CatalogWire.WriteMap(w, "title", title);
        w.WriteString("icon", icon);
        w.WriteNumber("sort", sort);
        w.WriteNumber("source", JsonRead.Long(JsonRead.Get(t, "source")));
        WriteTimes(w, t);
        w.WriteEndObject();
        return true;
    }

    private static void WriteTimes(Utf8JsonWriter w, JsonObject item)
    {
        w.WriteString("updated_at", NormalizeTime(JsonRead.Get(item, "updated_at")));
        w.WriteString("createdAt", NormalizeTime(JsonRead.Get(item, "createdAt")));
    }

    /// <summary>Comma-separated lists stay strings; a remote that sends an array gets it joined.</summary>
    private static string JoinedOrString(JsonNode? node) =>
        node is JsonArray ? string.Join(',', JsonRead.Strings(node)) : JsonRead.Str(node);
}
