namespace Market.Domain.Apps;

/// <summary>
/// The app state vocabulary the web app's button logic is written against (client-contract §4.3), with the
/// two refusal states of the 1.12.7 cancels of upgrades and resumes (olares-current §3).
/// </summary>
public static class AppStates
{
    public const string Pending = "pending";
    public const string PendingCanceling = "pendingCanceling";
    public const string PendingCanceled = "pendingCanceled";
    public const string PendingCancelFailed = "pendingCancelFailed";
    public const string Downloading = "downloading";
    public const string DownloadingCanceling = "downloadingCanceling";
    public const string DownloadingCanceled = "downloadingCanceled";
    public const string DownloadingCancelFailed = "downloadingCancelFailed";
    public const string DownloadFailed = "downloadFailed";
    public const string Installing = "installing";
    public const string InstallingCanceling = "installingCanceling";
    public const string InstallingCanceled = "installingCanceled";
    public const string InstallingCancelFailed = "installingCancelFailed";
    public const string InstallFailed = "installFailed";
    public const string Initializing = "initializing";
    public const string InitializingCanceling = "initializingCanceling";
    public const string Stopping = "stopping";
    public const string Stopped = "stopped";
    public const string StopFailed = "stopFailed";
    public const string Resuming = "resuming";
    public const string ResumingCanceling = "resumingCanceling";
    public const string ResumingCancelFailed = "resumingCancelFailed";
    public const string ResumeFailed = "resumeFailed";
    public const string Uninstalling = "uninstalling";
    public const string UninstallFailed = "uninstallFailed";
    public const string Uninstalled = "uninstalled";
    public const string ApplyingEnv = "applyingEnv";
    public const string ApplyEnvFailed = "applyEnvFailed";
    public const string ApplyingEnvCanceling = "applyingEnvCanceling";
    public const string ApplyingEnvCancelFailed = "applyingEnvCancelFailed";
    public const string ApplyingEnvCanceled = "applyingEnvCanceled";
    public const string Upgrading = "upgrading";
    public const string UpgradingCanceling = "upgradingCanceling";
    public const string UpgradingCancelFailed = "upgradingCancelFailed";
    public const string UpgradeFailed = "upgradeFailed";
    public const string Running = "running";
    public const string Installed = "installed";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        Pending, PendingCanceling, PendingCanceled, PendingCancelFailed,
        Downloading, DownloadingCanceling, DownloadingCanceled, DownloadingCancelFailed, DownloadFailed,
        Installing, InstallingCanceling, InstallingCanceled, InstallingCancelFailed, InstallFailed,
        Initializing, InitializingCanceling,
        Stopping, Stopped, StopFailed,
        Resuming, ResumingCanceling, ResumingCancelFailed, ResumeFailed,
        Uninstalling, UninstallFailed, Uninstalled,
        ApplyingEnv, ApplyEnvFailed, ApplyingEnvCanceling, ApplyingEnvCancelFailed, ApplyingEnvCanceled,
        Upgrading, UpgradingCanceling, UpgradingCancelFailed, UpgradeFailed,
        Running, Installed,
    };
}
