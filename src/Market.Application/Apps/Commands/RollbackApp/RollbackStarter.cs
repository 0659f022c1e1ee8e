using Market.Application.Apps.Operations;
using Market.Application.Common.Runtime;
using Market.Domain.Apps;
using Market.Domain.Tasks;

namespace Market.Application.Apps.Commands.RollbackApp;

/// <summary>
/// A rollback is an operation of its own: through the runtime, an upgrade back to the version and source
/// the upgrade recorded before it began (<see cref="AppTask.PreviousVersion"/>), with the runtime's kept
/// env values (none are sent again, so no failure switch of the upgrade comes along). The upgrade's
/// timeline names the rollback task, in the same transaction that opens it.
/// </summary>
public sealed class RollbackStarter(OperationStarter starter, TimeProvider clock)
{
    public Task<AppTask> StartAsync(AppTask upgrade, string reason, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var request = TaskRequest.Read(upgrade.RequestJson) with
        {
            Source = upgrade.PreviousSourceId,
            Version = upgrade.PreviousVersion,
            Envs = [],
            DeclaredEnvs = [],
        };
        var plan = new OperationPlan(upgrade.UserId, OpType.Rollback, upgrade.AppName, request, (app, draft) =>
        {
            var rollback = app.BeginRollback(upgrade, draft);
            upgrade.RecordRollback(rollback.Id, reason, clock.GetUtcNow().UtcDateTime);
            return rollback;
        });
        return starter.StartAsync(plan, idempotencyKey, cancellationToken);
    }
}
