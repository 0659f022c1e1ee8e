using Market.Domain.Apps;

namespace Market.Application.Runtime.Queries.GetRuntimeState;

/// <summary>Maps an app's state (and the task working on it) to the runtime view's stage and health.</summary>
public static class AppFlowStages
{
    public const string Healthy = "healthy";
    public const string Unhealthy = "unhealthy";
    public const string Unknown = "unknown";

    public static (string Stage, string Health) Of(AppState state, OpType? activeTaskType)
    {
        var (stage, health) = OfState(state);
        return activeTaskType switch
        {
            // A task at work says more than a state that may not have moved yet.
            OpType.Install or OpType.Clone => ("installing", Unknown),
            OpType.Upgrade or OpType.Rollback => ("upgrading", Unknown),
            OpType.Uninstall => ("uninstalling", Unknown),
            OpType.Cancel or OpType.Stop or OpType.Resume or OpType.Restart or null => (stage, health),
        };
    }

    private static (string Stage, string Health) OfState(AppState state) => state switch
    {
        AppState.None => (Unknown, Unknown),
        AppState.Pending or AppState.PendingCanceling or AppState.Downloading or AppState.DownloadingCanceling => ("fetching", Unknown),
        AppState.PendingCanceled or AppState.PendingCancelFailed or AppState.DownloadingCanceled or AppState.DownloadingCancelFailed
            or AppState.DownloadFailed or AppState.InstallingCanceled or AppState.InstallingCancelFailed or AppState.InstallFailed
            or AppState.StopFailed or AppState.ResumingCancelFailed or AppState.ResumeFailed or AppState.UninstallFailed
            or AppState.ApplyEnvFailed or AppState.ApplyingEnvCancelFailed or AppState.ApplyingEnvCanceled or AppState.UpgradingCancelFailed
            or AppState.UpgradeFailed => ("failed", Unhealthy),
        AppState.Installing or AppState.InstallingCanceling or AppState.Initializing or AppState.InitializingCanceling
            or AppState.Resuming or AppState.ResumingCanceling => ("installing", Unknown),
        AppState.Stopping or AppState.Stopped or AppState.Uninstalled => ("stopped", Unhealthy),
        AppState.Uninstalling => ("uninstalling", Unknown),
        AppState.ApplyingEnv or AppState.ApplyingEnvCanceling or AppState.Upgrading or AppState.UpgradingCanceling => ("upgrading", Unknown),
        AppState.Running or AppState.Installed => ("running", Healthy),
    };
}
