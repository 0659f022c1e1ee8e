using Market.Domain.Common;

namespace Market.Domain.Apps;

/// <summary>
/// The app state vocabulary the web app's button logic is written against (client-contract §4.3), with the
/// two refusal states of the 1.12.7 cancels of upgrades and resumes (olares-current §3). The wire and storage spell
/// them as <see cref="AppStates.ToWire"/> says.
/// </summary>
public enum AppState
{
    /// <summary>No state yet: the app's first operation has not begun (stored and sent as "", as always).</summary>
    None,

    Pending,
    PendingCanceling,
    PendingCanceled,
    PendingCancelFailed,
    Downloading,
    DownloadingCanceling,
    DownloadingCanceled,
    DownloadingCancelFailed,
    DownloadFailed,
    Installing,
    InstallingCanceling,
    InstallingCanceled,
    InstallingCancelFailed,
    InstallFailed,
    Initializing,
    InitializingCanceling,
    Stopping,
    Stopped,
    StopFailed,
    Resuming,
    ResumingCanceling,
    ResumingCancelFailed,
    ResumeFailed,
    Uninstalling,
    UninstallFailed,
    Uninstalled,
    ApplyingEnv,
    ApplyEnvFailed,
    ApplyingEnvCanceling,
    ApplyingEnvCancelFailed,
    ApplyingEnvCanceled,
    Upgrading,
    UpgradingCanceling,
    UpgradingCancelFailed,
    UpgradeFailed,
    Running,
    Installed,
}

/// <summary>The wire and storage names of <see cref="AppState"/> (today's exact strings; ADR 0019).</summary>
public static class AppStates
{
    public static readonly WireTable<AppState> Wire = new(ToWire);

    public static string ToWire(this AppState state) => state switch
    {
        AppState.None => "",
        AppState.Pending => "pending",
        AppState.PendingCanceling => "pendingCanceling",
        AppState.PendingCanceled => "pendingCanceled",
        AppState.PendingCancelFailed => "pendingCancelFailed",
        AppState.Downloading => "downloading",
        AppState.DownloadingCanceling => "downloadingCanceling",
        AppState.DownloadingCanceled => "downloadingCanceled",
        AppState.DownloadingCancelFailed => "downloadingCancelFailed",
        AppState.DownloadFailed => "downloadFailed",
        AppState.Installing => "installing",
        AppState.InstallingCanceling => "installingCanceling",
        AppState.InstallingCanceled => "installingCanceled",
        AppState.InstallingCancelFailed => "installingCancelFailed",
        AppState.InstallFailed => "installFailed",
        AppState.Initializing => "initializing",
        AppState.InitializingCanceling => "initializingCanceling",
        AppState.Stopping => "stopping",
        AppState.Stopped => "stopped",
        AppState.StopFailed => "stopFailed",
        AppState.Resuming => "resuming",
        AppState.ResumingCanceling => "resumingCanceling",
        AppState.ResumingCancelFailed => "resumingCancelFailed",
        AppState.ResumeFailed => "resumeFailed",
        AppState.Uninstalling => "uninstalling",
        AppState.UninstallFailed => "uninstallFailed",
        AppState.Uninstalled => "uninstalled",
        AppState.ApplyingEnv => "applyingEnv",
        AppState.ApplyEnvFailed => "applyEnvFailed",
        AppState.ApplyingEnvCanceling => "applyingEnvCanceling",
        AppState.ApplyingEnvCancelFailed => "applyingEnvCancelFailed",
        AppState.ApplyingEnvCanceled => "applyingEnvCanceled",
        AppState.Upgrading => "upgrading",
        AppState.UpgradingCanceling => "upgradingCanceling",
        AppState.UpgradingCancelFailed => "upgradingCancelFailed",
        AppState.UpgradeFailed => "upgradeFailed",
        AppState.Running => "running",
        AppState.Installed => "installed",
    };

    /// <summary>
    /// A state as app-service or the runtime reports it; null for an empty or unknown word (never <see cref="AppState.None"/>).
    /// The documented fallback: the state machine refuses such a word, as it did when states were strings (the raw word
    /// travels in <see cref="RuntimeReport"/> until then).
    /// </summary>
    public static AppState? FromWire(string? wire) => Wire.TryParse(wire, out var state) && state != AppState.None ? state : null;
}
