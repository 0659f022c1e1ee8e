using System.Text.Json;
using System.Text.Json.Nodes;

namespace Market.Domain.Common;

/// <summary>Semantic equality of stored JSON documents: jsonb gives them back with another key order and spacing.</summary>
public static class JsonDocuments
{
    /// <summary>True when both are empty, or both parse to equal documents.</summary>
    public static bool Same(string? a, string? b)
    {
        if (string.IsNullOrEmpty(a) || string.IsNullOrEmpty(b))
        {
            return string.IsNullOrEmpty(a) == string.IsNullOrEmpty(b);
        }

        if (a == b)
        {
            return true;
        }

        try
        {
            return JsonNode.DeepEquals(JsonNode.Parse(a), JsonNode.Parse(b));
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
