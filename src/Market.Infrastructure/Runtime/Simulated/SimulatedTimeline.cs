using System.Globalization;
using Market.Application.Common.Interfaces;
using Market.Domain.Apps;

namespace Market.Infrastructure.Runtime.Simulated;

/// <summary>
/// Where a simulated operation stands, as a pure function of its start, the step length, an injected
/// failure and an optional cancel. Nothing is kept in memory, so a restarted host answers for
/// operations started before the restart.
/// Install/clone: pending → downloading (25, 50, 75, 100) → installing → initializing → running.
/// Upgrade: pending → upgrading (50, 100) → initializing → running. Uninstall: pending → uninstalling →
/// uninstalled. Stop: stopping → stopped. Resume: resuming → running. A cancel shows "…Canceling" for
/// one step, then where the operation settles when canceled (<see cref="AppStateMachine.CanceledStateOf"/>:
/// "…Canceled" for an install, <c>stopped</c> for an upgrade or a resume). A cancel that is to fail
/// (<paramref name="cancelFails"/>) ends an upgrade or a resume at its "…CancelFailed" state instead.
/// </summary>
internal static class SimulatedTimeline
{
    public static RuntimeOperationStatus At(OpType type, long elapsedSteps, string failure, long? cancelAtStep, bool cancelFails = false)
    {
        if (cancelAtStep is { } cancel && cancel <= elapsedSteps
            && AppStateMachine.CancelingStateOf(type, At(type, cancel, failure, null).State) is { } canceling)
        {
            if (elapsedSteps == cancel)
            {
                return new RuntimeOperationStatus(canceling, At(type, cancel, failure, null).Progress, null, null, OperationOutcome.InProgress);
            }

            if (!cancelFails)
            {
                var canceled = AppStateMachine.CanceledStateOf(type, canceling)!;
                return new RuntimeOperationStatus(canceled, null, AppStateMachine.CanceledReasonOf(type) ?? "canceled by the user", null, OperationOutcome.Canceled);
            }

            if (AppStateMachine.RefusedCancelEnds(type))
            {
                var reason = $"simulated cancel failure ({SimulatedAppRuntime.FailureEnv}={SimulatedAppRuntime.CancelFailure})";
                return new RuntimeOperationStatus(AppStateMachine.CancelFailedStateOf(canceling)!, null, reason, null, OperationOutcome.Failed);
            }
        }

        return type switch
        {
            OpType.Install or OpType.Clone => Install(type, elapsedSteps, failure),
            OpType.Upgrade => elapsedSteps switch
            {
                0 => Progressing(AppStates.Pending),
                1 or 2 => Progressing(AppStates.Upgrading, (elapsedSteps * 50).ToString(CultureInfo.InvariantCulture)),
                _ when failure == OpType.Upgrade.ToWire() => Failed(AppStates.UpgradeFailed, failure),
                3 => Progressing(AppStates.Initializing),
                _ => Done(AppStates.Running),
            },
            OpType.Uninstall => elapsedSteps switch
            {
                0 => Progressing(AppStates.Pending),
                1 => Progressing(AppStates.Uninstalling),
                _ when failure == OpType.Uninstall.ToWire() => Failed(AppStates.UninstallFailed, failure),
                _ => Done(AppStates.Uninstalled),
            },
            OpType.Stop => elapsedSteps == 0 ? Progressing(AppStates.Stopping) : Done(AppStates.Stopped),
            OpType.Resume => elapsedSteps == 0 ? Progressing(AppStates.Resuming) : Done(AppStates.Running),
            OpType.Cancel or OpType.Rollback or OpType.Restart => throw new ArgumentOutOfRangeException(nameof(type), type.ToWire(), "not a simulated operation"),
        };
    }

    private static RuntimeOperationStatus Install(OpType type, long step, string failure) => SimulatedFailures.Install(step, failure) ?? step switch
    {
        0 => Progressing(AppStates.Pending),
        >= 3 when failure == "download" => Failed(AppStates.DownloadFailed, failure),
        >= 1 and <= 4 => Progressing(AppStates.Downloading, (step * 25).ToString(CultureInfo.InvariantCulture)),
        5 => Progressing(AppStates.Installing),
        _ when failure == type.ToWire() || failure == OpType.Install.ToWire() => Failed(AppStates.InstallFailed, failure),
        6 => Progressing(AppStates.Initializing),
        _ => Done(AppStates.Running),
    };

    private static RuntimeOperationStatus Progressing(string state, string? progress = null) =>
        new(state, progress, null, null, OperationOutcome.InProgress);

    private static RuntimeOperationStatus Done(string state) => new(state, null, null, null, OperationOutcome.Completed);

    private static RuntimeOperationStatus Failed(string state, string failure) =>
        new(state, null, $"simulated failure ({SimulatedAppRuntime.FailureEnv}={failure})", null, OperationOutcome.Failed);
}
