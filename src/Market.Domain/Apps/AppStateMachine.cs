namespace Market.Domain.Apps;

/// <summary>
/// The rules of an app's life: which operation may start in which state, which state the runtime may
/// report next while an operation runs, and which state ends which operation. States are the web
/// app's vocabulary (<see cref="AppStates"/>); the runtime is polled, so a report may skip states
/// but never go back.
/// </summary>
public static class AppStateMachine
{
    /// <summary>States of an app that is not (or no longer) installed: install and clone may start here.</summary>
    public static readonly IReadOnlySet<string> NotInstalled = new HashSet<string>(StringComparer.Ordinal)
    {
        string.Empty, AppStates.Uninstalled, AppStates.InstallFailed, AppStates.DownloadFailed,
        AppStates.PendingCanceled, AppStates.DownloadingCanceled, AppStates.InstallingCanceled,
    };

    /// <summary>States of an installed app at rest: upgrade and uninstall may start here.</summary>
    public static readonly IReadOnlySet<string> InstalledAtRest = new HashSet<string>(StringComparer.Ordinal)
    {
        AppStates.Running, AppStates.Installed, AppStates.Stopped, AppStates.StopFailed, AppStates.ResumeFailed,
        AppStates.UpgradeFailed, AppStates.UninstallFailed, AppStates.ApplyEnvFailed,
    };

    private static readonly Flow InstallFlow = new(
        Progress: [AppStates.Pending, AppStates.Downloading, AppStates.Installing, AppStates.Initializing],
        Done: AppStates.Running,
        Failed: [AppStates.DownloadFailed, AppStates.InstallFailed],
        Canceling: [AppStates.PendingCanceling, AppStates.DownloadingCanceling, AppStates.InstallingCanceling, AppStates.InitializingCanceling],
        Canceled: [AppStates.PendingCanceled, AppStates.DownloadingCanceled, AppStates.InstallingCanceled, AppStates.InstallingCanceled],
        CancelFailed: [AppStates.PendingCancelFailed, AppStates.DownloadingCancelFailed, AppStates.InstallingCancelFailed, AppStates.InstallingCancelFailed]);

    private static readonly Flow UpgradeFlow = new(
        Progress: [AppStates.Pending, AppStates.Upgrading, AppStates.Initializing],
        Done: AppStates.Running,
        Failed: [AppStates.UpgradeFailed],
        Canceling: [null, AppStates.UpgradingCanceling, null],
        Canceled: [],
        CancelFailed: []);

    private static readonly Flow UninstallFlow = new(
        Progress: [AppStates.Pending, AppStates.Uninstalling],
        Done: AppStates.Uninstalled,
        Failed: [AppStates.UninstallFailed],
        Canceling: [],
        Canceled: [],
        CancelFailed: []);

    private static readonly Flow StopFlow = new([AppStates.Stopping], AppStates.Stopped, [AppStates.StopFailed], [], [], []);

    private static readonly Flow ResumeFlow = new([AppStates.Resuming], AppStates.Running, [AppStates.ResumeFailed], [], [], []);

    /// <summary>May <paramref name="opType"/> start while the app is in <paramref name="state"/> (null: no such app yet)?</summary>
    public static bool CanStart(string opType, string? state) => opType switch
    {
        OpTypes.Install or OpTypes.Clone => state is null || NotInstalled.Contains(state),
        OpTypes.Upgrade or OpTypes.Rollback or OpTypes.Uninstall => state is not null && InstalledAtRest.Contains(state),
        OpTypes.Stop => state is AppStates.Running or AppStates.StopFailed,
        OpTypes.Resume => state is AppStates.Stopped or AppStates.ResumeFailed,
        OpTypes.Restart => CanStart(OpTypes.Stop, state) || CanStart(OpTypes.Resume, state),
        OpTypes.Cancel => state is not null && CancelingStateOf(state) is not null,
        _ => false,
    };

    /// <summary>The state an operation puts the app in the moment it is accepted by Market.</summary>
    public static string StartStateOf(string opType, string currentState) => opType switch
    {
        OpTypes.Stop => AppStates.Stopping,
        OpTypes.Resume => AppStates.Resuming,
        OpTypes.Cancel => CancelingStateOf(currentState) ?? currentState,
        _ => AppStates.Pending,
    };

    /// <summary>The "…Canceling" state for a cancel requested in <paramref name="state"/>, or null when nothing can be canceled.</summary>
    public static string? CancelingStateOf(string state)
    {
        var stage = InstallFlow.StageOf(state);
        return stage is { Kind: StateKind.Progress or StateKind.CancelFailed } ? InstallFlow.Canceling[stage.Value.Index] : null;
    }

    /// <summary>The "…CancelFailed" state for a cancel that the runtime refused while the app was in <paramref name="state"/>.</summary>
    public static string? CancelFailedStateOf(string state)
    {
        var stage = InstallFlow.StageOf(state);
        return stage is { Kind: StateKind.Progress or StateKind.Canceling or StateKind.CancelFailed } ? InstallFlow.CancelFailed[stage.Value.Index] : null;
    }

    /// <summary>The state a failed operation leaves the app in.</summary>
    public static string FailureStateOf(string opType) => opType switch
    {
        OpTypes.Upgrade or OpTypes.Rollback => AppStates.UpgradeFailed,
        OpTypes.Uninstall => AppStates.UninstallFailed,
        OpTypes.Stop => AppStates.StopFailed,
        OpTypes.Resume => AppStates.ResumeFailed,
        _ => AppStates.InstallFailed,
    };

    /// <summary>The state a successful operation leaves the app in.</summary>
    public static string DoneStateOf(string opType) => FlowOf(opType).Done;

    /// <summary>May the runtime move an app from <paramref name="from"/> to <paramref name="to"/> while <paramref name="opType"/> runs?</summary>
    public static bool IsLegal(string opType, string from, string to)
    {
        if (from == to)
        {
            return true;
        }

        if (!AppStates.All.Contains(to))
        {
            return false;
        }

        var flow = FlowOf(opType);
        var source = flow.StageOf(from);
        var target = flow.StageOf(to);
        if (source is null || target is null)
        {
            return false;
        }

        var (fromKind, fromIndex) = source.Value;
        var (toKind, toIndex) = target.Value;
        return fromKind switch
        {
            StateKind.Progress or StateKind.CancelFailed => toKind switch
            {
                StateKind.Progress => fromKind == StateKind.CancelFailed ? toIndex >= fromIndex : toIndex > fromIndex,
                StateKind.Canceling => toIndex >= fromIndex,
                StateKind.Done or StateKind.Failed or StateKind.Canceled => true,
                _ => false,
            },
            StateKind.Canceling => toKind switch
            {
                StateKind.Canceling => toIndex > fromIndex,
                StateKind.CancelFailed => toIndex >= fromIndex,
                StateKind.Done or StateKind.Failed or StateKind.Canceled => true,
                _ => false,
            },
            _ => false, // done, failed and canceled are final until a new operation starts
        };
    }

    /// <summary>
    /// The rule of the one state intake (<see cref="UserApp.ApplyState"/>): may <paramref name="source"/> move an
    /// app from <paramref name="from"/> to <paramref name="to"/> while <paramref name="opType"/> runs?
    /// <list type="bullet">
    /// <item>The follower's poll only moves forward along the operation's flow (<see cref="IsLegal"/>): a late
    /// or repeated poll never undoes a newer state, whoever wrote it.</item>
    /// <item>app-service is the authority on app states (original-data-and-sync §10.2): its announcement and
    /// its current list win with any known state, whatever the transition. Announcements are ordered among
    /// themselves by <c>createTime</c> (the app keeps the last one applied); a poll that is behind an announced
    /// state is then refused by the first rule.</item>
    /// </list>
    /// </summary>
    public static bool Admits(AppStateSource source, string opType, string from, string to) => source switch
    {
        AppStateSource.Follower => IsLegal(opType, from, to),
        AppStateSource.Announcement or AppStateSource.Reconcile => AppStates.All.Contains(to),
    };

    /// <summary>What a state reported by the runtime means for the operation being followed.</summary>
    public static OperationOutcome OutcomeOf(string opType, string state)
    {
        var flow = FlowOf(opType);
        var kind = flow.StageOf(state)?.Kind;
        if (opType == OpTypes.Cancel)
        {
            return kind switch
            {
                StateKind.Canceled => OperationOutcome.Completed,
                StateKind.Done or StateKind.Failed or StateKind.CancelFailed => OperationOutcome.Failed,
                _ => OperationOutcome.InProgress,
            };
        }

        return kind switch
        {
            StateKind.Done => OperationOutcome.Completed,
            StateKind.Failed => OperationOutcome.Failed,
            StateKind.Canceled => OperationOutcome.Canceled,
            _ => OperationOutcome.InProgress,
        };
    }

    /// <summary>True for states in which an app is busy with some operation (no other may start).</summary>
    public static bool IsBusy(string state) =>
        !NotInstalled.Contains(state) && !InstalledAtRest.Contains(state);

    private static Flow FlowOf(string opType) => opType switch
    {
        OpTypes.Install or OpTypes.Clone or OpTypes.Cancel => InstallFlow,
        OpTypes.Upgrade or OpTypes.Rollback => UpgradeFlow,
        OpTypes.Uninstall => UninstallFlow,
        OpTypes.Stop => StopFlow,
        OpTypes.Resume => ResumeFlow,
        _ => throw new ArgumentOutOfRangeException(nameof(opType), opType, "unknown operation type"),
    };

    private enum StateKind
    {
        Progress,
        Done,
        Failed,
        Canceling,
        Canceled,
        CancelFailed,
    }

    /// <summary>One operation's states; the arrays of cancel states are indexed by the progress stage they belong to.</summary>
    private sealed record Flow(string[] Progress, string Done, string[] Failed, string?[] Canceling, string[] Canceled, string[] CancelFailed)
    {
        public (StateKind Kind, int Index)? StageOf(string state)
        {
            if (state == Done)
            {
                return (StateKind.Done, Progress.Length);
            }

            var index = Array.IndexOf(Progress, state);
            if (index >= 0)
            {
                return (StateKind.Progress, index);
            }

            if (Array.IndexOf(Failed, state) >= 0)
            {
                return (StateKind.Failed, 0);
            }

            index = Array.IndexOf(Canceling, state);
            if (index >= 0)
            {
                return (StateKind.Canceling, index);
            }

            index = Array.IndexOf(Canceled, state);
            if (index >= 0)
            {
                return (StateKind.Canceled, index);
            }

            index = Array.IndexOf(CancelFailed, state);
            return index >= 0 ? (StateKind.CancelFailed, index) : null;
        }
    }
}
