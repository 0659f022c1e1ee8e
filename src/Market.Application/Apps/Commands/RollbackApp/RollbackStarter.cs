using Market.Application.Apps.Operations;
using Market.Application.Common.Exceptions;
using Market.Application.Common.Runtime;
using Market.Application.Tasks.Engine;
using Market.Domain.Apps;
using Market.Domain.Tasks;

namespace Market.Application.Apps.Commands.RollbackApp;

/// <summary>
/// A rollback is an operation of its own: through the runtime, an upgrade back to the upgrade's rollback point
/// (<see cref="AppTask.RollbackPoint"/>): the previous version and source, the exact chart it ran (checked to be the
/// one the runtime would get now, else refused) and its install-time envs, the secret ones unsealed only for the
/// submission (sealed again in the vault like any task's). An upgrade recorded before rollback points existed goes
/// back with the runtime's kept env values, as before (none are sent, so no failure switch of the upgrade comes along).
/// The upgrade's timeline names the rollback task, in the same transaction that opens it.
/// </summary>
public sealed class RollbackStarter(OperationStarter starter, ChartReferences charts, TaskSecretVault vault, TimeProvider clock)
{
    public async Task<AppTask> StartAsync(AppTask upgrade, string reason, string? idempotencyKey, CancellationToken cancellationToken)
    {
        if (await RefusalAsync(upgrade, cancellationToken) is { } refusal)
        {
            throw new ConflictException(refusal);
        }

        var point = PointOf(upgrade);

        var request = TaskRequest.Read(upgrade.RequestJson) with
        {
            Source = point.SourceId,
            Version = point.Version,
            Envs = TaskRequest.ReadEnvs(point.EnvsJson),
            DeclaredEnvs = [],
        };
        var plan = new OperationPlan(upgrade.UserId, OpType.Rollback, upgrade.AppName, request, (app, draft) =>
        {
            var rollback = app.BeginRollback(upgrade, draft);
            upgrade.RecordRollback(rollback.Id, reason, clock.GetUtcNow().UtcDateTime);
            return rollback;
        })
        {
            Secrets = vault.OpenKept(point.SealedSecrets),
            Chart = point.Chart,
        };
        return await starter.StartAsync(plan, idempotencyKey, cancellationToken);
    }

    /// <summary>Why <paramref name="upgrade"/> cannot be rolled back now (its recorded chart is not what the runtime would get), or null.</summary>
    public async Task<string?> RefusalAsync(AppTask upgrade, CancellationToken cancellationToken)
    {
        var point = PointOf(upgrade);
        return point.Chart is { } chart
            && await charts.MismatchAsync(chart, upgrade.UserId, point.SourceId, upgrade.RawAppName, point.Version, cancellationToken) is { } mismatch
            ? $"App {upgrade.AppName} cannot be rolled back to {point.Version}: {mismatch}"
            : null;
    }

    private static RollbackPoint PointOf(AppTask upgrade) =>
        upgrade.RollbackPoint ?? new RollbackPoint(upgrade.PreviousVersion, upgrade.PreviousSourceId, null, "[]", null);
}
