using System.Text.Json;
using System.Text.Json.Nodes;
using Market.Application.Apps.Commands.ApplyAppStateEvent;
using Market.Infrastructure.Runtime.Olares;
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
            Progress = AppServiceWire.Progress(message["progress"]) is { Length: > 0 } progress ? progress : null,
            Reason = NullIfEmpty(Text(message["reason"])),
            Message = NullIfEmpty(Text(message["message"])),
            EntranceStates = AppServiceWire.EntranceStates(message["entranceStatuses"]),
        };
    }

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;
}
