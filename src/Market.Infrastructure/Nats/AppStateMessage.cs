using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Market.Application.Apps.Commands.ApplyAppStateEvent;
using static Market.Domain.Common.JsonText;

namespace Market.Infrastructure.Nats;

/// <summary>Reads app-service's <c>AppStateMessage</c> (original-data-and-sync §10.1) into the use case's command; null when not JSON.</summary>
internal static class AppStateMessage
{
    public static ApplyAppStateEventCommand? Parse(string? json)
    {
        JsonObject? message;
        try
        {
            message = string.IsNullOrWhiteSpace(json) ? null : JsonNode.Parse(json) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }

        if (message is null)
        {
            return null;
        }

        return new ApplyAppStateEventCommand
        {
            User = Text(message["user"]),
            MarketSource = Text(message["marketSource"]),
            Name = Text(message["name"]),
            RawAppName = Text(message["rawAppName"]),
            CreateTime = Text(message["createTime"]),
            OpId = Text(message["opID"]),
            OpType = Text(message["opType"]),
            State = Text(message["state"]),
            Progress = Progress(message["progress"]),
            Reason = NullIfEmpty(Text(message["reason"])),
            Message = NullIfEmpty(Text(message["message"])),
            EntranceStates = Entrances(message["entranceStatuses"]),
        };
    }

    private static Dictionary<string, string>? Entrances(JsonNode? node)
    {
        var states = (node as JsonArray)?.OfType<JsonObject>()
            .Where(e => Text(e["name"]).Length > 0)
            .GroupBy(e => Text(e["name"]))
            .ToDictionary(g => g.Key, g => Text(g.First()["state"]), StringComparer.Ordinal);
        return states is { Count: > 0 } ? states : null;
    }

    private static string? Progress(JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => NullIfEmpty(text),
        JsonValue value when value.TryGetValue<double>(out var number) => number.ToString("0.##", CultureInfo.InvariantCulture),
        _ => null,
    };

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;
}
