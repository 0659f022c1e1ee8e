using Market.Application.Apps.Commands.ApplyAppStateEvent;
using Market.Infrastructure.Runtime.Olares;

namespace Market.Infrastructure.Nats;

/// <summary>Reads app-service's <c>AppStateMessage</c> (original-data-and-sync §10.1) into the use case's command; null when not a JSON object.</summary>
internal static class AppStateMessage
{
    public static ApplyAppStateEventCommand? Parse(string? json) => AppServiceWire.Announcement(json) is not { } message
        ? null
        : new ApplyAppStateEventCommand
        {
            User = message.User,
            MarketSource = message.MarketSource,
            Name = message.Name,
            RawAppName = message.RawAppName,
            CreateTime = message.CreateTime,
            OpId = message.OpId,
            OpType = message.OpType,
            State = message.State,
            Progress = message.Progress is { Length: > 0 } progress ? progress : null,
            Reason = NullIfEmpty(message.Reason),
            Message = NullIfEmpty(message.Message),
            EntranceStates = AppServiceWire.EntranceStates(message.EntranceStatuses),
        };

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;
}
