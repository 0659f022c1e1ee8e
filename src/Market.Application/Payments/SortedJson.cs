using System.Text.Json.Nodes;

namespace Market.Application.Payments;

/// <summary>
/// JSON as the original's Go encoder writes a generic map: object keys sorted by byte order at every
/// level. Sign bodies are built this way, since LarePass signs over the document it receives.
/// </summary>
public static class SortedJson
{
    public static JsonNode? Sort(JsonNode? node) => node switch
    {
        JsonObject obj => SortObject(obj),
        JsonArray array => new JsonArray(array.Select(Sort).ToArray()),
        null => null,
        _ => node.DeepClone(),
    };

    private static JsonObject SortObject(JsonObject obj)
    {
        var sorted = new JsonObject();
        foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            sorted[key] = Sort(value);
        }

        return sorted;
    }
}
