using Market.Application.Apps.Operations;
using Market.Application.Common.Events;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Runtime;
using Market.Domain.Apps;
using Market.Domain.Tasks;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Apps.Commands.ReconcileAppStates;

/// <summary>
/// Matches every stored app with app-service's entry of the same owner and name: a different state is taken
/// over; an app app-service no longer has is uninstalled (the original deletes its state row). Apps with a
/// task in flight are left to that task, which follows its operation itself, and apps changed after the
/// list was taken are newer than it. Each correction enters the app through its one state intake
/// (<see cref="UserApp.ApplyState"/>) and is saved and pushed on its own, so one conflicting write never blocks
/// the others: that app is left to the next reconcile, which judges it again on the newer row.
/// </summary>
public sealed class ReconcileAppStatesCommandHandler(
    IMarketDbContext db,
    AppStatePublisher states,
    TimeProvider clock) : ICommandHandler<ReconcileAppStatesCommand, int>
{
    public async ValueTask<int> Handle(ReconcileAppStatesCommand command, CancellationToken cancellationToken)
    {
        var listed = command.Apps
            .GroupBy(a => (a.User, a.Name))
            .ToDictionary(g => g.Key, g => g.First());
        var busy = (await db.AppTasks.AsNoTracking()
                .Where(AppTask.Active)
                .Select(t => new { t.UserId, t.AppName })
                .ToListAsync(cancellationToken))
            .Select(t => (t.UserId, t.AppName))
            .ToHashSet();
        var apps = await db.UserApps.AsNoTracking()
            .Where(a => a.State != AppState.None && a.UpdatedAt < command.ListedAt)
            .Select(a => new { a.Id, a.UserId, a.AppName, a.State, a.OpType })
            .ToListAsync(cancellationToken);

        var corrected = 0;
        foreach (var app in apps.Where(a => !busy.Contains((a.UserId, a.AppName))))
        {
            listed.TryGetValue((app.UserId, app.AppName), out var entry);
            if (entry is null && AppStateMachine.NotInstalled.Contains(app.State))
            {
                continue;
            }

            if (await CorrectAsync(app.Id, entry, command.ListedAt, cancellationToken))
            {
                corrected++;
            }
        }

        return corrected;
    }

    private async Task<bool> CorrectAsync(long appId, RuntimeAppEntry? entry, DateTime listedAt, CancellationToken cancellationToken)
    {
        var app = await db.UserApps.FirstOrDefaultAsync(a => a.Id == appId, cancellationToken);
        if (app is null || app.UpdatedAt >= listedAt)
        {
            return false;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        bool changed;
        if (entry is null)
        {
            // Gone from app-service while we were not listening.
            changed = app.MarkGoneFromRuntime(now);
        }
        else
        {
            if (AppServiceStates.Normalize(OpTypes.FromWire(entry.OpType) ?? app.OpType, entry.State) is not { } state)
            {
                return false;
            }

            changed = app.ApplyState(AppStateChange.Reconciled(new RuntimeReport(state.ToWire(), app.Progress, app.Reason, app.Message, entry.EntranceStates)), now);
        }

        if (!changed)
        {
            return false;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return false;
        }

        await states.PublishAsync(app, cancellationToken);
        return true;
    }
}
