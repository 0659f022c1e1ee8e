using System.Globalization;
using Market.Application.Apps.Operations;
using Market.Application.Common.Interfaces;
using Market.Domain.Apps;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Application.Apps.Commands.ApplyAppStateEvent;

/// <summary>
/// Applies an app-service announcement: only when newer than the last one applied (createTime), keeping our
/// entrances when it has none, then through the same path as any state change (hot state, hash, /ws, SSE,
/// NATS). The announcement is recorded for the task following that operation before it is pushed, so the
/// push wakes the follower with the news already readable.
/// </summary>
public sealed class ApplyAppStateEventCommandHandler(
    IServiceScopeFactory scopes,
    IAppStateFeed feed,
    AppStatePublisher states,
    TimeProvider clock) : ICommandHandler<ApplyAppStateEventCommand, AppStateEventOutcome>
{
    private const int MaxWriteAttempts = 8;

    public async ValueTask<AppStateEventOutcome> Handle(ApplyAppStateEventCommand command, CancellationToken cancellationToken)
    {
        if (command.User.Length == 0 || command.MarketSource.Length == 0 || command.Name.Length == 0 || command.RawAppName.Length == 0
            || !TryParseTime(command.CreateTime, out var createTime))
        {
            return AppStateEventOutcome.Invalid;
        }

        for (var attempt = 1; attempt <= MaxWriteAttempts; attempt++)
        {
            // A fresh context per attempt: after a concurrency conflict the app is read again.
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<IMarketDbContext>();
            var app = await db.UserApps.FirstOrDefaultAsync(a => a.UserId == command.User && a.AppName == command.Name, cancellationToken);
            if (app is null || app.SourceId != command.MarketSource || !SameRawName(app, command))
            {
                return AppStateEventOutcome.UnknownApp;
            }

            var opType = command.OpType.Length > 0 ? command.OpType : app.OpType;
            var state = AppServiceStates.Normalize(opType, command.State);
            if (!AppStates.All.Contains(state))
            {
                return AppStateEventOutcome.Invalid;
            }

            var now = clock.GetUtcNow().UtcDateTime;
            if (!app.ApplyAnnouncedState(createTime, command.OpType, state, command.Progress, command.Reason, command.Message, command.EntranceStates, now))
            {
                return AppStateEventOutcome.Stale;
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                // A task or another replica wrote the app meanwhile: judge the announcement again on the new row.
                continue;
            }

            await feed.RecordAsync(new AppStateReport(command.User, command.Name, command.OpId, opType, state, command.Progress,
                command.Reason, command.Message, createTime, command.EntranceStates), cancellationToken);
            await states.PublishAsync(app, cancellationToken);
            return AppStateEventOutcome.Applied;
        }

        return AppStateEventOutcome.Stale;
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
