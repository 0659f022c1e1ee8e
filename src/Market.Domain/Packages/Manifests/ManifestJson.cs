using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Market.Domain.Packages.Manifests;

/// <summary>
/// Reads a manifest decoded from YAML the way the Go tools do: keys match case-insensitively (an
/// exact match wins) and a number or bool read where a string is expected becomes its text.
/// </summary>
public static class ManifestJson
{
    public static JsonNode? Get(JsonObject? obj, string key)
    {
        if (obj is null)
        {
            return null;
        }

        if (obj.TryGetPropertyValue(key, out var exact))
        {
            return exact;
        }

        foreach (var (name, value) in obj)
        {
            if (string.Equals(name, key, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }

    public static JsonObject? Object(JsonObject? obj, string key) => Get(obj, key) as JsonObject;

    public static JsonArray? Array(JsonObject? obj, string key) => Get(obj, key) as JsonArray;

    public static string Text(JsonObject? obj, string key) => Text(Get(obj, key));

    /// <summary>A scalar as text (<c>""</c> for null, objects and lists).</summary>
    public static string Text(JsonNode? node)
    {
        if (node is not JsonValue value)
        {
            return string.Empty;
        }

        return value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Number => NumberText(value),
            _ => string.Empty,
        };
    }

    public static bool Bool(JsonObject? obj, string key) => Get(obj, key) switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.True => true,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => string.Equals(v.GetValue<string>(), "true", StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    /// <summary>An integer field; null when absent or not a whole number.</summary>
    public static long? Integer(JsonObject? obj, string key) => Integer(Get(obj, key));

    /// <summary>A whole JSON number as a long; null for anything else.</summary>
    public static long? Integer(JsonNode? node)
    {
        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.Number)
        {
            return null;
        }

        var text = value.ToJsonString();
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
        {
            return whole;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && real == Math.Floor(real) && Math.Abs(real) < 1e15
            ? (long)real
            : null;
    }

    /// <summary>The string items of a list (other items become their text).</summary>
    public static IReadOnlyList<string> Strings(JsonObject? obj, string key) =>
        Array(obj, key)?.Select(Text).ToList() ?? [];

    public static IEnumerable<JsonObject> Objects(JsonObject? obj, string key) =>
        Array(obj, key)?.OfType<JsonObject>() ?? [];

    public static string KindOf(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "mapping",
        JsonArray => "list",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.Number => "number",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            _ => "null",
        },
        _ => "value",
    };

    private static string NumberText(JsonValue value)
    {
        var text = value.ToJsonString();
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
        {
            return whole.ToString(CultureInfo.InvariantCulture);
        }

        // Go formats a float with the shortest round-trip text: 1.10 becomes "1.1".
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real)
            ? real.ToString("R", CultureInfo.InvariantCulture)
            : text;
    }
}
