using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Market.Application.Common.Json;

namespace Market.Application.Common.Catalog;

/// <summary>
/// The catalog's wire shapes (original-api-endpoints §8.2–§8.4): the <c>app_info_latest</c> item of
/// <c>/market/data</c>, the typed simple info of <c>POST /apps</c> and <c>/market/statesimple</c>, and the
/// <c>app_entry</c> of <c>POST /apps</c>. Written by hand so that key order and presence are exact.
/// </summary>
public static class CatalogWire
{
    public const string InfoLatestType = "app-info-latest";

    /// <summary><c>{type, timestamp, version?, app_simple_info}</c>; the simple info's keys sorted, optional ones only when non-empty.</summary>
    public static byte[] WriteInfoItem(string appId, string name, string version, DateTime updatedAt, JsonObject entry)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer, JsonSegment.WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("type", InfoLatestType);
            w.WriteNumber("timestamp", JsonRead.UnixSeconds(updatedAt));
            if (version.Length > 0)
            {
                w.WriteString("version", version);
            }

            w.WriteStartObject("app_simple_info");
            var flags = CatalogFlags.Of(entry);
            if (flags.ApiVersion.Length > 0)
            {
                w.WriteString("apiVersion", flags.ApiVersion);
            }

            var description = EntryI18n.Texts(entry, "description");
            if (description.Count > 0)
            {
                WriteMap(w, "app_description", description);
            }

            var icon = JsonRead.Str(entry, "icon");
            if (icon.Length > 0)
            {
                w.WriteString("app_icon", icon);
            }

            w.WriteString("app_id", appId);
            var labels = JsonRead.Strings(JsonRead.Get(entry, "appLabels"));
            if (labels.Count > 0)
            {
                WriteStrings(w, "app_labels", labels);
            }

            w.WriteString("app_name", name);
            var title = EntryI18n.Texts(entry, "title");
            if (title.Count > 0)
            {
                WriteMap(w, "app_title", title);
            }

            w.WriteString("app_version", version);
            var categories = JsonRead.Strings(JsonRead.Get(entry, "categories"));
            if (categories.Count > 0)
            {
                WriteStrings(w, "categories", categories);
            }

            WriteFeaturedImage(w, entry);
            if (flags.AllowMultipleInstall)
            {
                w.WriteStartObject("options");
                w.WriteBoolean("allowMultipleInstall", true);
                w.WriteEndObject();
            }

            if (flags.Shared)
            {
                w.WriteBoolean("shared", true);
            }

            WriteStrings(w, "support_arch", JsonRead.Strings(JsonRead.Get(entry, "supportArch")));
            if (flags.TemplateOnly)
            {
                w.WriteBoolean("templateOnly", true);
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// The typed simple info: <c>app_id, app_name, app_icon, app_description|null, app_version,
    /// app_title|null, categories|null, support_arch?</c>, plus <c>app_labels?</c> that the CLI reads and
    /// <c>apiVersion, shared, templateOnly, options.allowMultipleInstall</c> that 1.12.6+ clients read.
    /// </summary>
    public static void WriteTypedSimpleInfo(Utf8JsonWriter w, CatalogItem item, JsonObject entry)
    {
        w.WriteStartObject();
        w.WriteString("app_id", item.AppId);
        w.WriteString("app_name", item.Name);
        w.WriteString("app_icon", JsonRead.Str(entry, "icon"));
        WriteMapOrNull(w, "app_description", EntryI18n.Texts(entry, "description"));
        w.WriteString("app_version", item.Version);
        WriteMapOrNull(w, "app_title", EntryI18n.Texts(entry, "title"));
        var categories = JsonRead.Strings(JsonRead.Get(entry, "categories"));
        if (categories.Count > 0)
        {
            WriteStrings(w, "categories", categories);
        }
        else
        {
            w.WriteNull("categories");
        }

        var arch = JsonRead.Strings(JsonRead.Get(entry, "supportArch"));
        if (arch.Count > 0)
        {
            WriteStrings(w, "support_arch", arch);
        }

        var labels = JsonRead.Strings(JsonRead.Get(entry, "appLabels"));
        if (labels.Count > 0)
        {
            WriteStrings(w, "app_labels", labels);
        }

        var flags = CatalogFlags.Of(entry);
        w.WriteString("apiVersion", flags.ApiVersion);
        w.WriteBoolean("shared", flags.Shared);
        w.WriteBoolean("templateOnly", flags.TemplateOnly);
        w.WriteStartObject("options");
        w.WriteBoolean("allowMultipleInstall", flags.AllowMultipleInstall);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>
    /// One item of <c>POST /apps</c> (keys sorted as the original's map): <c>api_version, app_info{app_entry, price?},
    /// app_simple_info, featured_image?, manifest_type, manifest_version, raw_data{envs}, timestamp, type, version</c>
    /// (<c>featured_image</c> and <c>raw_data.envs</c> are what the shipped backend adds, olares-current §6).
    /// </summary>
    public static void WriteAppDetail(Utf8JsonWriter w, CatalogItem item, string userZone)
    {
        var entry = item.Entry();
        w.WriteStartObject();
        w.WriteString("api_version", JsonRead.Str(entry, "apiVersion"));
        w.WriteStartObject("app_info");
        w.WritePropertyName("app_entry");
        AppEntryWriter.Write(w, item, entry, userZone);
        if (!string.IsNullOrEmpty(item.PriceJson) && TryParse(item.PriceJson) is JsonObject price && price.Count > 0)
        {
            w.WritePropertyName("price");
            price.WriteTo(w);
        }

        w.WriteEndObject();
        w.WritePropertyName("app_simple_info");
        WriteTypedSimpleInfo(w, item, entry);
        WriteFeaturedImage(w, entry);
        w.WriteString("manifest_type", item.Type);
        w.WriteString("manifest_version", ManifestVersion(entry));
        EnvSpecWriter.WriteRawData(w, entry);
        w.WriteNumber("timestamp", JsonRead.UnixSeconds(item.UpdatedAt));
        w.WriteString("type", InfoLatestType);
        w.WriteString("version", item.Version);
        w.WriteEndObject();
    }

    /// <summary><c>featured_image</c> (the manifest's <c>spec.featuredImage</c>) when the app has one.</summary>
    private static void WriteFeaturedImage(Utf8JsonWriter w, JsonObject entry)
    {
        var image = JsonRead.FirstStr(entry, "featuredImage", "featured_image");
        if (image.Length > 0)
        {
            w.WriteString("featured_image", image);
        }
    }

    public static void WriteMap(Utf8JsonWriter w, string name, SortedDictionary<string, string> map)
    {
        w.WriteStartObject(name);
        foreach (var (key, value) in map)
        {
            w.WriteString(key, value);
        }

        w.WriteEndObject();
    }

    public static void WriteStrings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }

    private static void WriteMapOrNull(Utf8JsonWriter w, string name, SortedDictionary<string, string> map)
    {
        if (map.Count == 0)
        {
            w.WriteNull(name);
        }
        else
        {
            WriteMap(w, name, map);
        }
    }

    /// <summary><c>olaresManifest.version</c>, under whichever key the entry's writer used.</summary>
    private static string ManifestVersion(JsonObject entry)
    {
        var flat = JsonRead.FirstStr(entry, "manifestVersion", "olaresManifest.version", "manifest_version");
        return flat.Length > 0 ? flat : JsonRead.Str(JsonRead.Get(entry, "olaresManifest") as JsonObject, "version");
    }

    private static JsonNode? TryParse(string json)
    {
        try
        {
            return JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
