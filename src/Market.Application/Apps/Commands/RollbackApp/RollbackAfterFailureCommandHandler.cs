using Market.Application.Apps.Operations;
using Market.Application.Common.Interfaces;
using Market.Domain.Apps;
using Market.Domain.Tasks;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Apps.Commands.RollbackApp;

/// <summary>Starts the rollback of a failed upgrade (once: a repeat finds the first by its key). Returns the rollback task id, or null when there is nothing to go back to.</summary>
public sealed class RollbackAfterFailureCommandHandler(IMarketDbContext db, RollbackStarter starter, TimeProvider clock) : ICommandHandler<RollbackAfterFailureCommand, string?>
{
    public async ValueTask<string?> Handle(RollbackAfterFailureCommand command, CancellationToken cancellationToken)
    {
        var upgrade = await db.AppTasks.FirstOrDefaultAsync(t => t.Id == command.UpgradeTaskId, cancellationToken);
        if (upgrade is null || upgrade.Type != OpType.Upgrade || upgrade.Status != AppTaskStatus.Failed || upgrade.PreviousVersion.Length == 0)
        {
            return null;
        }

        // A refused cancel settles the upgrade at upgradingCancelFailed on the previous version (issue 17): the
        // user's cancel decided the outcome and there is nothing to undo, so no rollback may take the app away from it.
        if (await db.UserApps.AnyAsync(a => a.UserId == upgrade.UserId && a.AppName == upgrade.AppName
                && a.State == AppState.UpgradingCancelFailed, cancellationToken))
        {
            return null;
        }

        // Once per failed upgrade: a host that finishes the same task again finds the first rollback by its key.
        var key = $"rollback:{upgrade.Id}";
        if (await IdempotencyKeys.FindAsync(db, upgrade.UserId, key, cancellationToken) is { } first)
        {
            return first.Id;
        }

        // The recorded chart is gone or changed: going back to something else would not be going back. Said on the upgrade's timeline.
        if (await starter.RefusalAsync(upgrade, cancellationToken) is { } refusal)
        {
            upgrade.RecordRollbackRefused(refusal, clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }

        return (await starter.StartAsync(upgrade, upgrade.Error ?? "the upgrade failed", key, cancellationToken)).Id;
    }
}
