using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Market.Application.Common.Json;

/// <summary>
/// Lenient readers for catalog JSON written by others (remote markets, chart manifests): a value of an
/// unexpected type becomes the empty value of the wanted type instead of failing the whole app.
/// </summary>
public static class JsonRead
{
    public const string DefaultLocale = "en-US";

    public static JsonNode? Get(JsonObject? obj, string key) =>
        obj is not null && obj.TryGetPropertyValue(key, out var node) ? node : null;

    /// <summary>A scalar as a string: strings as they are, numbers and booleans in invariant form, anything else "".</summary>
    public static string Str(JsonNode? node)
    {
        if (node is not JsonValue value)
        {
            return string.Empty;
        }

        return value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.Number => value.ToJsonString(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => string.Empty,
        };
    }

    public static string Str(JsonObject? obj, string key) => Str(Get(obj, key));

    /// <summary>The first non-empty of several keys (e.g. <c>requiredCPU</c> or the manifest's <c>requiredCpu</c>).</summary>
    public static string FirstStr(JsonObject? obj, params string[] keys)
    {
        foreach (var key in keys)
        {
            var value = Str(obj, key);
            if (value.Length > 0)
            {
                return value;
            }
        }

        return string.Empty;
    }

    public static bool Bool(JsonNode? node) => node is JsonValue value && value.GetValueKind() switch
    {
        JsonValueKind.True => true,
        JsonValueKind.String => string.Equals(value.GetValue<string>(), "true", StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    public static long Long(JsonNode? node)
    {
        if (node is not JsonValue value)
        {
            return 0;
        }

        return value.GetValueKind() switch
        {
            JsonValueKind.Number when value.TryGetValue<long>(out var l) => l,
            JsonValueKind.Number when value.TryGetValue<double>(out var d) => (long)d,
            JsonValueKind.String when long.TryParse(value.GetValue<string>(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) => s,
            _ => 0,
        };
    }

    public static double Double(JsonNode? node)
    {
        if (node is not JsonValue value)
        {
            return 0;
        }

        return value.GetValueKind() switch
        {
            JsonValueKind.Number when value.TryGetValue<double>(out var d) => d,
            JsonValueKind.String when double.TryParse(value.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) => s,
            _ => 0,
        };
    }

    /// <summary>Items of an array that are strings (a comma-separated string also counts, as remote markets write lists that way).</summary>
    public static List<string> Strings(JsonNode? node)
    {
        var result = new List<string>();
        switch (node)
        {
            case JsonArray array:
                foreach (var item in array)
                {
                    var text = Str(item);
                    if (text.Length > 0)
                    {
                        result.Add(text);
                    }
                }

                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                result.AddRange(value.GetValue<string>().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                break;
        }

        return result;
    }

    /// <summary>
    /// A localized text as <c>{locale: text}</c> sorted by locale: a plain string is <c>en-US</c>, an object
    /// keeps its non-empty string values (others dropped), anything else is empty.
    /// </summary>
    public static SortedDictionary<string, string> Localized(JsonNode? node)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        switch (node)
        {
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                var text = value.GetValue<string>();
                if (text.Length > 0)
                {
                    result[DefaultLocale] = text;
                }

                break;
            case JsonObject obj:
                foreach (var (locale, item) in obj)
                {
                    // Only texts: a number or object under a locale is dropped, as the original did.
                    if (item is JsonValue value && value.GetValueKind() == JsonValueKind.String && value.GetValue<string>() is { Length: > 0 } localized)
                    {
                        result[locale] = localized;
                    }
                }

                break;
        }

        return result;
    }

    public static bool HasLabel(IEnumerable<string> labels, string label) =>
        labels.Any(l => string.Equals(l.Trim(), label, StringComparison.OrdinalIgnoreCase));

    /// <summary>RFC 3339 in UTC at seconds precision (the state times' format), or "" for no time.</summary>
    public static string Rfc3339(DateTime time) =>
        time == default ? string.Empty : time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static long UnixSeconds(DateTime time) =>
        time == default ? 0 : new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)).ToUnixTimeSeconds();
}
