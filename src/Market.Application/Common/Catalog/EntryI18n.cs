using System.Text.Json;
using System.Text.Json.Nodes;
using Market.Application.Common.Json;

namespace Market.Application.Common.Catalog;

/// <summary>
/// Localized texts of a catalog entry. Entries carry <c>title</c>/<c>description</c>/… as
/// <c>{locale: text}</c> and may add an <c>i18n</c> block, either locale-major as the client reads it
/// (<c>{locale: {metadata: {title, description}, spec: {fullDescription, upgradeDescription}}}</c>) or
/// field-major as the original stored it (<c>{title: {locale: text}}</c>). Both are understood.
/// </summary>
public static class EntryI18n
{
    private static readonly string[] MetadataFields = ["title", "description"];
    private static readonly string[] SpecFields = ["fullDescription", "upgradeDescription"];

    /// <summary>The field's texts: the entry's own value, overlaid per locale by the i18n block.</summary>
    public static SortedDictionary<string, string> Texts(JsonObject entry, string field)
    {
        var texts = JsonRead.Localized(JsonRead.Get(entry, field));
        foreach (var (locale, text) in FromI18n(JsonRead.Get(entry, "i18n") as JsonObject, field))
        {
            texts[locale] = text;
        }

        return texts;
    }

    /// <summary>Writes the locale-major i18n block the client reads, or null when nothing is localized.</summary>
    public static void WriteNested(Utf8JsonWriter writer, JsonObject entry)
    {
        var i18n = JsonRead.Get(entry, "i18n") as JsonObject;
        var locales = new SortedDictionary<string, (SortedDictionary<string, string> Metadata, SortedDictionary<string, string> Spec, JsonNode? Entrances)>(StringComparer.Ordinal);
        foreach (var field in MetadataFields.Concat(SpecFields))
        {
            foreach (var (locale, text) in FromI18n(i18n, field))
            {
                if (!locales.TryGetValue(locale, out var blocks))
                {
                    blocks = (new(StringComparer.Ordinal), new(StringComparer.Ordinal), null);
                    locales[locale] = blocks;
                }

                (MetadataFields.Contains(field) ? blocks.Metadata : blocks.Spec)[field] = text;
            }
        }

        if (i18n is not null && !IsFieldMajor(i18n))
        {
            foreach (var (locale, node) in i18n)
            {
                if (locales.TryGetValue(locale, out var blocks) && JsonRead.Get(node as JsonObject, "entrances") is JsonArray entrances)
                {
                    locales[locale] = blocks with { Entrances = entrances };
                }
            }
        }

        if (locales.Count == 0)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartObject();
        foreach (var (locale, blocks) in locales)
        {
            writer.WriteStartObject(locale);
            WriteBlock(writer, "metadata", blocks.Metadata);
            WriteBlock(writer, "spec", blocks.Spec);
            writer.WritePropertyName("entrances");
            if (blocks.Entrances is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                blocks.Entrances.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteBlock(Utf8JsonWriter writer, string name, SortedDictionary<string, string> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        writer.WriteStartObject(name);
        foreach (var (key, value) in values)
        {
            writer.WriteString(key, value);
        }

        writer.WriteEndObject();
    }

    private static IEnumerable<KeyValuePair<string, string>> FromI18n(JsonObject? i18n, string field)
    {
        if (i18n is null)
        {
            yield break;
        }

        if (IsFieldMajor(i18n))
        {
            foreach (var pair in JsonRead.Localized(JsonRead.Get(i18n, field)))
            {
                yield return pair;
            }

            yield break;
        }

        var block = MetadataFields.Contains(field) ? "metadata" : "spec";
        foreach (var (locale, node) in i18n)
        {
            if (node is not JsonObject localeObject)
            {
                continue;
            }

            var text = JsonRead.Str(JsonRead.Get(localeObject, block) as JsonObject, field);
            if (text.Length == 0)
            {
                text = JsonRead.Str(localeObject, field);
            }

            if (text.Length > 0)
            {
                yield return new(locale, text);
            }
        }
    }

    /// <summary>Field-major when a top-level key is a known field whose value maps locales to strings.</summary>
    private static bool IsFieldMajor(JsonObject i18n) =>
        MetadataFields.Concat(SpecFields).Any(f => JsonRead.Get(i18n, f) is JsonObject texts && texts.All(t => t.Value is JsonValue));
}
