using Market.Domain.Apps;

namespace Market.Application.Common.Runtime;

/// <summary>
/// app-service state words the web app does not know, mapped to the nearest one it does, then parsed. Used for polled
/// states and announced (NATS) states alike so both paths store the same word. A word this version does not know
/// stays null: the caller refuses it (an announcement is invalid, a list entry is skipped), as before.
/// </summary>
public static class AppServiceStates
{
    public static AppState? Normalize(OpType? opType, string state) => state switch
    {
        "upgradePending" or "upgradeDownloading" => AppState.Upgrading,
        "upgradePendingCanceling" or "upgradeDownloadingCanceling" => AppState.UpgradingCanceling,
        "initializingCanceled" => AppState.InstallingCanceled,
        "initializingCancelFailed" => AppState.InstallingCancelFailed,
        // 1.12.7: a refused cancel of an upgrade settles at upgradingCancelFailed (olares-current §3), whatever stage it was in.
        "upgradePendingCancelFailed" or "upgradeDownloadingCancelFailed" => AppState.UpgradingCancelFailed,
        "upgradingCanceled" => AppState.Running,
        "failed" => opType is { } known ? AppStateMachine.FailureStateOf(known) : AppState.InstallFailed, // no known operation: the install's word, as before
        _ => AppStates.FromWire(state),
    };
}
