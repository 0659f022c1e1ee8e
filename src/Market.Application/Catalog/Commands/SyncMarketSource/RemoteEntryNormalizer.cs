using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Market.Application.Common.Catalog;
using Market.Application.Common.Json;
using Market.Domain.Catalog;
using Market.Domain.Packages.Manifests;

namespace Market.Application.Catalog.Commands.SyncMarketSource;

/// <summary>A remote detail entry made ready to store as a <c>CatalogApp</c>.</summary>
public sealed record NormalizedRemoteApp(
    string AppId,
    string Name,
    string Version,
    string Type,
    IReadOnlyList<string> Labels,
    JsonObject Entry,
    string? PriceJson)
{
    /// <summary>Labelled <c>suspend</c> or <c>remove</c> upstream: hidden from catalogs, kept for installed users.</summary>
    public bool IsWithdrawn => JsonRead.HasLabel(Labels, "suspend") || JsonRead.HasLabel(Labels, "remove");

    /// <summary>The catalog row's view of this entry.</summary>
    public CatalogListing ToListing() =>
        new(Name, Version, Type, Entry.ToJsonString(), JsonSerializer.Serialize(Labels), PriceJson, IsWithdrawn);
}

/// <summary>
/// Builds the stored ApplicationInfoEntry from a remote market's detail object (original-data-and-sync
/// §5.4 <c>NewApplicationInfoEntry</c>, kept lenient): identity set from the catalog key, localized texts as
/// <c>{locale: text}</c> maps (objects kept, which the original dropped), list fields always arrays.
/// </summary>
public static class RemoteEntryNormalizer
{
    private static readonly string[] StringListFields = ["categories", "supportArch", "appLabels", "locale", "promoteImage", "screenshots", "tags"];
    private static readonly string[] ObjectListFields = ["entrances", "subCharts", "license", "legal"];
    private static readonly string[] LocalizedFields = ["description", "fullDescription", "upgradeDescription"];

    /// <summary>Null when the entry has no version (the original never stores those).</summary>
    public static NormalizedRemoteApp? Normalize(string appId, JsonObject raw)
    {
        var version = JsonRead.Str(raw, "version").Trim();
        if (version.Length == 0)
        {
            return null;
        }

        var entry = raw.DeepClone().AsObject();
        ManifestKeys.Canonicalize(entry);
        var titleNode = JsonRead.Get(entry, "title");
        var name = JsonRead.FirstStr(entry, "name");
        if (name.Length == 0)
        {
            name = titleNode is JsonValue ? JsonRead.Str(titleNode) : string.Empty;
        }

        if (name.Length == 0)
        {
            name = appId;
        }

        entry["id"] = appId;
        entry["appID"] = appId;
        entry["name"] = name;
        entry["version"] = version;

        var title = JsonRead.Localized(titleNode);
        if (title.Count == 0)
        {
            title[JsonRead.DefaultLocale] = name;
        }

        entry["title"] = ToObject(title);
        foreach (var field in LocalizedFields)
        {
            if (field == "description" || entry.ContainsKey(field))
            {
                entry[field] = ToObject(JsonRead.Localized(JsonRead.Get(entry, field)));
            }
        }

        foreach (var field in StringListFields)
        {
            entry[field] = new JsonArray(JsonRead.Strings(JsonRead.Get(entry, field)).Select(s => (JsonNode?)JsonValue.Create(s)).ToArray());
        }

        foreach (var field in ObjectListFields)
        {
            if (JsonRead.Get(entry, field) is not JsonArray)
            {
                entry[field] = new JsonArray();
            }
        }

        string? priceJson = null;
        if (entry.Remove("price", out var price) && price is JsonObject { Count: > 0 } priceObject)
        {
            priceJson = priceObject.ToJsonString();
        }

        var cfgType = JsonRead.Str(entry, "cfgType");
        var type = cfgType.Contains("middleware", StringComparison.OrdinalIgnoreCase) ? "middleware" : "app";
        return new NormalizedRemoteApp(appId, name, version, type, JsonRead.Strings(JsonRead.Get(entry, "appLabels")), entry, priceJson);
    }

    /// <summary>
    /// Digest of an app's summary in the remote's <c>/appstore/info</c>: any change of it (not only the
    /// version) makes the next sync refetch the app's details. Keys are sorted so the digest does not
    /// depend on the remote's key order.
    /// </summary>
    public static string SummaryHash(JsonNode? summary)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer, JsonSegment.WriterOptions))
        {
            WriteCanonical(w, summary);
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }

    private static void WriteCanonical(Utf8JsonWriter w, JsonNode? node)
    {
        switch (node)
        {
            case null:
                w.WriteNullValue();
                break;
            case JsonObject obj:
                w.WriteStartObject();
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    w.WritePropertyName(key);
                    WriteCanonical(w, value);
                }

                w.WriteEndObject();
                break;
            case JsonArray array:
                w.WriteStartArray();
                foreach (var item in array)
                {
                    WriteCanonical(w, item);
                }

                w.WriteEndArray();
                break;
            default:
                node.WriteTo(w);
                break;
        }
    }

    private static JsonObject ToObject(SortedDictionary<string, string> map)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in map)
        {
            obj[key] = value;
        }

        return obj;
    }
}
