using System.Text.Json.Nodes;

namespace Market.Domain.Common;

/// <summary>The one reader of a JSON string value in wire documents: a string as it is, anything else (null, numbers, objects) <c>""</c>.</summary>
public static class JsonText
{
    public static string Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : string.Empty;
}
