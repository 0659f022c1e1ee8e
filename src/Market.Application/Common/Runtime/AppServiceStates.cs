using Market.Domain.Apps;

namespace Market.Application.Common.Runtime;

/// <summary>
/// app-service state words the web app does not know, mapped to the nearest one it does. Used for polled
/// states and announced (NATS) states alike so both paths store the same word.
/// </summary>
public static class AppServiceStates
{
    public static string Normalize(OpType? opType, string state) => state switch
    {
        "upgradePending" or "upgradeDownloading" => AppStates.Upgrading,
        "upgradePendingCanceling" or "upgradeDownloadingCanceling" => AppStates.UpgradingCanceling,
        "initializingCanceled" => AppStates.InstallingCanceled,
        "initializingCancelFailed" => AppStates.InstallingCancelFailed,
        // 1.12.7: a refused cancel of an upgrade settles at upgradingCancelFailed (olares-current §3), whatever stage it was in.
        "upgradePendingCancelFailed" or "upgradeDownloadingCancelFailed" => AppStates.UpgradingCancelFailed,
        "upgradingCanceled" => AppStates.Running,
        "failed" => opType is { } known ? AppStateMachine.FailureStateOf(known) : AppStates.InstallFailed, // no known operation: the install's word, as before
        _ => state,
    };
}
