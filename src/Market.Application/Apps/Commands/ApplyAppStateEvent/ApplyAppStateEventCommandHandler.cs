using System.Globalization;
using Market.Application.Apps.Operations;
using Market.Application.Common.Events;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Runtime;
using Market.Domain.Apps;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Apps.Commands.ApplyAppStateEvent;

/// <summary>
/// Applies an app-service announcement through the app's one state intake (<see cref="UserApp.ApplyState"/>: only
/// when newer than the last one applied, keeping our entrances when it has none), then through the same path
/// as any state change (hot state, hash, /ws, SSE, NATS). The announcement is recorded for the task following
/// that operation before it is pushed, so the push wakes the follower with the news already readable. Saved
/// (and judged again after a conflict) by the unit of work: nothing is pushed before the save succeeded.
/// </summary>
public sealed class ApplyAppStateEventCommandHandler(
    IMarketDbContext db,
    IAppStateFeed feed,
    AppStatePublisher states,
    TimeProvider clock) : ICommandHandler<ApplyAppStateEventCommand, AppStateEventOutcome>
{
    public async ValueTask<AppStateEventOutcome> Handle(ApplyAppStateEventCommand command, CancellationToken cancellationToken)
    {
        if (command.User.Length == 0 || command.MarketSource.Length == 0 || command.Name.Length == 0 || command.RawAppName.Length == 0
            || !TryParseTime(command.CreateTime, out var createTime))
        {
            return AppStateEventOutcome.Invalid;
        }

        var app = await db.UserApps.FirstOrDefaultAsync(a => a.UserId == command.User && a.AppName == command.Name, cancellationToken);
        if (app is null || app.SourceId != command.MarketSource || !SameRawName(app, command))
        {
            return AppStateEventOutcome.UnknownApp;
        }

        var announcedType = OpTypes.FromWire(command.OpType);
        var opType = announcedType ?? app.OpType;
        if (AppServiceStates.Normalize(opType, command.State) is not { } state)
        {
            return AppStateEventOutcome.Invalid;
        }

        var report = new RuntimeReport(state.ToWire(), command.Progress, command.Reason, command.Message, command.EntranceStates);
        if (!app.ApplyState(AppStateChange.Announced(createTime, announcedType, report), clock.GetUtcNow().UtcDateTime))
        {
            return AppStateEventOutcome.Stale;
        }

        await db.SaveChangesAsync(cancellationToken);
        await feed.RecordAsync(new AppStateReport(command.User, command.Name, command.OpId, opType?.ToWire() ?? string.Empty, state.ToWire(), command.Progress,
            command.Reason, command.Message, createTime, command.EntranceStates), cancellationToken);
        await states.PublishAsync(app, cancellationToken);
        return AppStateEventOutcome.Applied;
    }

    /// <summary>app-service sends the chart name as rawAppName for ordinary apps; ours may be empty then.</summary>
    private static bool SameRawName(UserApp app, ApplyAppStateEventCommand command) =>
        app.RawAppName == command.RawAppName || (app.RawAppName.Length == 0 && command.RawAppName == command.Name);

    /// <summary>The original's layout is RFC 3339 with up to nine fraction digits, in UTC.</summary>
    private static bool TryParseTime(string text, out DateTime time)
    {
        time = default;
        if (string.IsNullOrWhiteSpace(text)
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            return false;
        }

        time = parsed.UtcDateTime;
        return true;
    }
}
