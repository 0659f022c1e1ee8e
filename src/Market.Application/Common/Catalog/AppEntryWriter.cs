using System.Text.Json;
using System.Text.Json.Nodes;
using Market.Application.Common.Json;

namespace Market.Application.Common.Catalog;

/// <summary>
/// Writes <c>app_info.app_entry</c> (original-api-endpoints §8.4): every key of the ApplicationInfoEntry in
/// the original's order, with the empty value of its type when the stored entry lacks it (optional keys
/// omitted), identity forced from the catalog row, and entrance URLs for the asking user's zone.
/// </summary>
public static class AppEntryWriter
{
    public static void Write(Utf8JsonWriter w, CatalogItem item, JsonObject entry, string userZone)
    {
        w.WriteStartObject();
        w.WriteString("id", item.AppId);
        w.WriteString("name", item.Name);
        var cfgType = JsonRead.Str(entry, "cfgType");
        w.WriteString("cfgType", cfgType.Length > 0 ? cfgType : item.Type);
        String(w, entry, "chartName");
        String(w, entry, "icon");
        Localized(w, entry, "description");
        w.WriteString("appID", item.AppId);
        Localized(w, entry, "title");
        w.WriteString("version", item.Version);
        String(w, entry, "apiVersion");
        Array(w, entry, "categories");
        String(w, entry, "versionName");
        Localized(w, entry, "fullDescription");
        Localized(w, entry, "upgradeDescription");
        Array(w, entry, "promoteImage");
        String(w, entry, "promoteVideo");
        String(w, entry, "subCategory");
        Array(w, entry, "locale");
        String(w, entry, "developer");
        String(w, entry, "requiredMemory");
        String(w, entry, "requiredDisk");
        Object(w, entry, "supportClient");
        Array(w, entry, "supportArch");
        OptionalString(w, "requiredGPU", JsonRead.FirstStr(entry, "requiredGPU", "requiredGpu"));
        w.WriteString("requiredCPU", JsonRead.FirstStr(entry, "requiredCPU", "requiredCpu"));
        OptionalString(w, "limitedMemory", JsonRead.Str(entry, "limitedMemory"));
        OptionalString(w, "limitedDisk", JsonRead.Str(entry, "limitedDisk"));
        OptionalString(w, "limitedCPU", JsonRead.FirstStr(entry, "limitedCPU", "limitedCpu"));
        OptionalString(w, "limitedGPU", JsonRead.FirstStr(entry, "limitedGPU", "limitedGpu"));
        OptionalArray(w, entry, "accelerator");
        w.WriteNumber("rating", JsonRead.Double(JsonRead.Get(entry, "rating")));
        String(w, entry, "target");
        Object(w, entry, "permission");
        Entrances(w, item.AppId, JsonRead.Get(entry, "entrances") as JsonArray, userZone);
        OptionalArray(w, entry, "ports");
        OptionalObject(w, entry, "tailscale");
        ObjectOrNull(w, entry, "middleware");
        Object(w, entry, "options");
        Array(w, entry, "subCharts");
        OptionalArray(w, entry, "envs");
        String(w, entry, "submitter");
        String(w, entry, "doc");
        String(w, entry, "website");
        String(w, entry, "featuredImage");
        String(w, entry, "sourceCode");
        Array(w, entry, "license");
        Array(w, entry, "legal");
        w.WritePropertyName("i18n");
        EntryI18n.WriteNested(w, entry);
        OptionalString(w, "modelSize", JsonRead.Str(entry, "modelSize"));
        String(w, entry, "namespace");
        w.WriteBoolean("onlyAdmin", JsonRead.Bool(JsonRead.Get(entry, "onlyAdmin")));
        String(w, entry, "lastCommitHash");
        var updated = JsonRead.UnixSeconds(item.UpdatedAt);
        w.WriteNumber("createTime", updated);
        w.WriteNumber("updateTime", updated);
        OptionalArray(w, entry, "appLabels");
        Present(w, "count", JsonRead.Get(entry, "count"), static w => w.WriteNullValue());
        OptionalArray(w, entry, "versionHistory");
        Array(w, entry, "screenshots");
        Array(w, entry, "tags");
        var updatedAt = JsonRead.Str(entry, "updated_at");
        w.WriteString("updated_at", updatedAt.Length > 0 ? updatedAt : JsonRead.Rfc3339(item.UpdatedAt));
        w.WriteEndObject();
    }

    /// <summary>
    /// The zone an entrance URL is built on: <c>Market:System:UserZone</c> with <c>{user}</c> replaced.
    /// </summary>
    public static string ZoneFor(string template, string user) => template.Replace("{user}", user, StringComparison.Ordinal);

    /// <summary>
    /// One entrance: <c>{appid}.{zone}</c>; several: <c>{appid}{i}.{zone}</c> (the app-service scheme,
    /// original-data-and-sync §8.4). The stored URL is kept when there is no id or zone to build on.
    /// </summary>
    private static void Entrances(Utf8JsonWriter w, string appId, JsonArray? entrances, string zone)
    {
        w.WriteStartArray("entrances");
        if (entrances is not null)
        {
            var count = entrances.Count;
            for (var i = 0; i < count; i++)
            {
                if (entrances[i] is not JsonObject entrance)
                {
                    continue;
                }

                var copy = entrance.DeepClone().AsObject();
                if (appId.Length > 0 && zone.Length > 0)
                {
                    copy["url"] = count == 1 ? $"{appId}.{zone}" : $"{appId}{i}.{zone}";
                }

                copy.WriteTo(w);
            }
        }

        w.WriteEndArray();
    }

    private static void String(Utf8JsonWriter w, JsonObject entry, string key) => w.WriteString(key, JsonRead.Str(entry, key));

    private static void OptionalString(Utf8JsonWriter w, string key, string value)
    {
        if (value.Length > 0)
        {
            w.WriteString(key, value);
        }
    }

    private static void Localized(Utf8JsonWriter w, JsonObject entry, string key) =>
        CatalogWire.WriteMap(w, key, JsonRead.Localized(JsonRead.Get(entry, key)));

    private static void Array(Utf8JsonWriter w, JsonObject entry, string key) =>
        Present(w, key, JsonRead.Get(entry, key) as JsonArray, static w =>
        {
            w.WriteStartArray();
            w.WriteEndArray();
        });

    private static void OptionalArray(Utf8JsonWriter w, JsonObject entry, string key) =>
        Optional(w, key, JsonRead.Get(entry, key) is JsonArray { Count: > 0 } array ? array : null);

    private static void Object(Utf8JsonWriter w, JsonObject entry, string key) =>
        Present(w, key, JsonRead.Get(entry, key) as JsonObject, static w =>
        {
            w.WriteStartObject();
            w.WriteEndObject();
        });

    private static void OptionalObject(Utf8JsonWriter w, JsonObject entry, string key) =>
        Optional(w, key, JsonRead.Get(entry, key) is JsonObject { Count: > 0 } obj ? obj : null);

    private static void ObjectOrNull(Utf8JsonWriter w, JsonObject entry, string key) =>
        Present(w, key, JsonRead.Get(entry, key) as JsonObject, static w => w.WriteNullValue());

    /// <summary>The key always; the stored node when it has the key's type, else what <paramref name="empty"/> writes.</summary>
    private static void Present(Utf8JsonWriter w, string key, JsonNode? node, Action<Utf8JsonWriter> empty)
    {
        w.WritePropertyName(key);
        if (node is null)
        {
            empty(w);
        }
        else
        {
            node.WriteTo(w);
        }
    }

    /// <summary>The key only when there is something to write.</summary>
    private static void Optional(Utf8JsonWriter w, string key, JsonNode? node)
    {
        if (node is not null)
        {
            w.WritePropertyName(key);
            node.WriteTo(w);
        }
    }
}
