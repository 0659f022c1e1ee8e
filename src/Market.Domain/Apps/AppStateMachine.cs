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
        AppStates.UpgradingCancelFailed, AppStates.ResumingCancelFailed,
    };

    /// <summary><c>status.reason</c> of an upgrade the user canceled (olares-current §3); the app is <c>stopped</c> on its previous version.</summary>
    public const string UpgradeCanceledByUser = "upgradeCancelByUser";

    private static readonly Flow InstallFlow = new(
        Progress: [AppStates.Pending, AppStates.Downloading, AppStates.Installing, AppStates.Initializing],
        Done: AppStates.Running,
        Failed: [AppStates.DownloadFailed, AppStates.InstallFailed],
        Canceling: [AppStates.PendingCanceling, AppStates.DownloadingCanceling, AppStates.InstallingCanceling, AppStates.InitializingCanceling],
        Canceled: [AppStates.PendingCanceled, AppStates.DownloadingCanceled, AppStates.InstallingCanceled, AppStates.InstallingCanceled],
        CancelFailed: [AppStates.PendingCancelFailed, AppStates.DownloadingCancelFailed, AppStates.InstallingCancelFailed, AppStates.InstallingCancelFailed]);

    // 1.12.7 cancels an upgrade as a whole (olares-current §3): from any of its stages to upgradingCanceling, then
    // stopped on the previous version, or upgradingCancelFailed when refused.
    private static readonly Flow UpgradeFlow = new(
        Progress: [AppStates.Pending, AppStates.Upgrading, AppStates.Initializing],
        Done: AppStates.Running,
        Failed: [AppStates.UpgradeFailed],
        Canceling: [AppStates.UpgradingCanceling, AppStates.UpgradingCanceling, AppStates.UpgradingCanceling],
        Canceled: [AppStates.Stopped, AppStates.Stopped, AppStates.Stopped],
        CancelFailed: [AppStates.UpgradingCancelFailed, AppStates.UpgradingCancelFailed, AppStates.UpgradingCancelFailed])
    {
        WholeCancel = true,
        CanceledReason = UpgradeCanceledByUser,
    };

    private static readonly Flow UninstallFlow = new(
        Progress: [AppStates.Pending, AppStates.Uninstalling],
        Done: AppStates.Uninstalled,
        Failed: [AppStates.UninstallFailed],
        Canceling: [],
        Canceled: [],
        CancelFailed: []);

    private static readonly Flow StopFlow = new([AppStates.Stopping], AppStates.Stopped, [AppStates.StopFailed], [], [], []);

    // There is no resumingCanceled: a canceled resume is stopped again (olares-current §3).
    private static readonly Flow ResumeFlow = new(
        [AppStates.Resuming], AppStates.Running, [AppStates.ResumeFailed], [AppStates.ResumingCanceling], [AppStates.Stopped], [AppStates.ResumingCancelFailed])
    {
        WholeCancel = true,
    };

    // app-service applies changed env values on its own (Market starts no such operation); its cancel states are the web app's.
    private static readonly Flow ApplyEnvFlow = new(
        [AppStates.ApplyingEnv], AppStates.Running, [AppStates.ApplyEnvFailed], [AppStates.ApplyingEnvCanceling], [AppStates.ApplyingEnvCanceled], [AppStates.ApplyingEnvCancelFailed]);

    /// <summary>The flows a cancel can reach, in the order a state alone is looked up (pending and initializing: an install's first).</summary>
    private static readonly Flow[] CancelableFlows = [InstallFlow, UpgradeFlow, ResumeFlow, ApplyEnvFlow];

    /// <summary>May <paramref name="opType"/> start while the app is in <paramref name="state"/> (null: no such app yet)?</summary>
    public static bool CanStart(OpType opType, string? state) => opType switch
    {
        OpType.Install or OpType.Clone => state is null || NotInstalled.Contains(state),
        OpType.Upgrade or OpType.Rollback or OpType.Uninstall => state is not null && InstalledAtRest.Contains(state),
        OpType.Stop => state is AppStates.Running or AppStates.StopFailed,
        OpType.Resume => state is AppStates.Stopped or AppStates.ResumeFailed or AppStates.ResumingCancelFailed,
        OpType.Restart => CanStart(OpType.Stop, state) || CanStart(OpType.Resume, state),
        OpType.Cancel => state is not null && IsCancelable(state),
    };

    /// <summary>The state an operation puts the app in the moment it is accepted by Market.</summary>
    public static string StartStateOf(OpType opType, string currentState) => opType switch
    {
        OpType.Stop => AppStates.Stopping,
        OpType.Resume => AppStates.Resuming,
        OpType.Cancel => CancelingStateOf(currentState) ?? currentState,
        OpType.Install or OpType.Clone or OpType.Upgrade or OpType.Rollback or OpType.Uninstall or OpType.Restart => AppStates.Pending,
    };

    /// <summary>
    /// May a cancel be requested while the app is in <paramref name="state"/>? Decided from the state alone (olares-current §3):
    /// pending, downloading, installing, initializing, applyingEnv, resuming, upgrading (and an install stage whose cancel
    /// was refused but goes on).
    /// </summary>
    public static bool IsCancelable(string state) => CancelingStateOf(state) is not null;

    /// <summary>Can an operation of <paramref name="opType"/> be canceled at all (install, clone, upgrade, resume)?</summary>
    public static bool IsCancelableOperation(OpType opType) => opType != OpType.Cancel && FlowOrNull(opType) is { Canceling.Length: > 0 };

    /// <summary>The "…Canceling" state for a cancel requested in <paramref name="state"/>, or null when nothing can be canceled.</summary>
    public static string? CancelingStateOf(string state) =>
        CancelableFlows.Select(f => f.CancelingAt(state)).FirstOrDefault(s => s is not null);

    /// <summary>The "…Canceling" state for a cancel of the <paramref name="opType"/> under way while the app is in <paramref name="state"/>, or null.</summary>
    public static string? CancelingStateOf(OpType opType, string state) =>
        IsCancelableOperation(opType) ? FlowOf(opType).CancelingAt(state) : null;

    /// <summary>The state a canceled <paramref name="opType"/> settles at, from its <paramref name="canceling"/> state (null: not one of its).</summary>
    public static string? CanceledStateOf(OpType opType, string canceling)
    {
        var flow = FlowOrNull(opType);
        return flow?.StageOf(canceling) is { Kind: StateKind.Canceling } stage ? flow.Canceled[stage.Index] : null;
    }

    /// <summary>The <c>status.reason</c> a canceled <paramref name="opType"/> settles with (null: the runtime's own words).</summary>
    public static string? CanceledReasonOf(OpType opType) => FlowOrNull(opType)?.CanceledReason;

    /// <summary>Does a refused cancel end <paramref name="opType"/> at its "…CancelFailed" state (upgrade, resume) rather than let it go on (install)?</summary>
    public static bool RefusedCancelEnds(OpType opType) => FlowOrNull(opType)?.WholeCancel == true;

    /// <summary>The "…CancelFailed" state for a cancel that the runtime refused while the app was in <paramref name="state"/>.</summary>
    public static string? CancelFailedStateOf(string state) =>
        CancelableFlows.Select(f => f.CancelFailedAt(state)).FirstOrDefault(s => s is not null);

    /// <summary>The state a failed operation leaves the app in.</summary>
    public static string FailureStateOf(OpType opType) => opType switch
    {
        OpType.Upgrade or OpType.Rollback => AppStates.UpgradeFailed,
        OpType.Uninstall => AppStates.UninstallFailed,
        OpType.Stop => AppStates.StopFailed,
        OpType.Resume => AppStates.ResumeFailed,
        OpType.Install or OpType.Clone or OpType.Cancel or OpType.Restart => AppStates.InstallFailed,
    };

    /// <summary>The state a successful operation leaves the app in.</summary>
    public static string DoneStateOf(OpType opType) => FlowOf(opType).Done;

    /// <summary>May the runtime move an app from <paramref name="from"/> to <paramref name="to"/> while <paramref name="opType"/> runs?</summary>
    public static bool IsLegal(OpType opType, string from, string to)
    {
        if (from == to)
        {
            return true;
        }

        if (!AppStates.All.Contains(to))
        {
            return false;
        }

        // A cancel follows the flow of whatever it cancels (its canceling state tells which).
        return opType == OpType.Cancel ? CancelableFlows.Any(f => f.Allows(from, to)) : FlowOf(opType).Allows(from, to);
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
    public static bool Admits(AppStateSource source, OpType? opType, string from, string to) => source switch
    {
        AppStateSource.Follower => opType is { } followed && IsLegal(followed, from, to),
        AppStateSource.Announcement or AppStateSource.Reconcile => AppStates.All.Contains(to),
    };

    /// <summary>What a state reported by the runtime means for the operation being followed.</summary>
    public static OperationOutcome OutcomeOf(OpType opType, string state)
    {
        if (opType == OpType.Cancel)
        {
            // What the cancel's target shows: canceled (stopped, for an upgrade or a resume) is the cancel done.
            var reached = CancelableFlows.Select(f => f.StageOf(state)?.Kind).FirstOrDefault(k => k is not null);
            return reached switch
            {
                StateKind.Canceled => OperationOutcome.Completed,
                StateKind.Done or StateKind.Failed or StateKind.CancelFailed => OperationOutcome.Failed,
                _ => OperationOutcome.InProgress,
            };
        }

        var flow = FlowOf(opType);
        return flow.StageOf(state)?.Kind switch
        {
            StateKind.Done => OperationOutcome.Completed,
            StateKind.Failed => OperationOutcome.Failed,
            StateKind.Canceled => OperationOutcome.Canceled,
            StateKind.CancelFailed when flow.WholeCancel => OperationOutcome.Failed,
            _ => OperationOutcome.InProgress,
        };
    }

    /// <summary>True for states in which an app is busy with some operation (no other may start).</summary>
    public static bool IsBusy(string state) =>
        !NotInstalled.Contains(state) && !InstalledAtRest.Contains(state);

    private static Flow FlowOf(OpType opType) =>
        FlowOrNull(opType) ?? throw new ArgumentOutOfRangeException(nameof(opType), opType.ToWire(), "no flow of its own");

    private static Flow? FlowOrNull(OpType opType) => opType switch
    {
        OpType.Install or OpType.Clone or OpType.Cancel => InstallFlow,
        OpType.Upgrade or OpType.Rollback => UpgradeFlow,
        OpType.Uninstall => UninstallFlow,
        OpType.Stop => StopFlow,
        OpType.Resume => ResumeFlow,
        OpType.Restart => null, // a stop and then a resume, each followed on its own
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
    private sealed record Flow(string[] Progress, string Done, string[] Failed, string[] Canceling, string[] Canceled, string[] CancelFailed)
    {
        /// <summary>
        /// Canceled as a whole (upgrade, resume): one canceling state for every stage, so stages do not order the
        /// cancel states; the cancel is seen canceling before it ends (a "stopped" read before the operation moved is
        /// not a cancel); a refused cancel ends the operation at its "…CancelFailed" state. An install instead cancels
        /// stage by stage, and goes on when the cancel is refused.
        /// </summary>
        public bool WholeCancel { get; init; }

        /// <summary>The <c>status.reason</c> the operation settles with when canceled (null: the runtime's words).</summary>
        public string? CanceledReason { get; init; }

        public string? CancelingAt(string state) => StageOf(state) switch
        {
            { Kind: StateKind.Progress } stage when Canceling.Length > 0 => Canceling[stage.Index],
            { Kind: StateKind.CancelFailed } stage when !WholeCancel => Canceling[stage.Index],
            _ => null,
        };

        public string? CancelFailedAt(string state) =>
            StageOf(state) is { Kind: StateKind.Progress or StateKind.Canceling or StateKind.CancelFailed } stage && CancelFailed.Length > 0
                ? CancelFailed[stage.Index]
                : null;

        /// <summary>May the runtime move an app of this flow from <paramref name="from"/> to <paramref name="to"/> (both differ)?</summary>
        public bool Allows(string from, string to)
        {
            if (StageOf(from) is not (var fromKind, var fromIndex) || StageOf(to) is not (var toKind, var toIndex))
            {
                return false;
            }

            var cancelInOrder = WholeCancel || toIndex >= fromIndex;
            return fromKind switch
            {
                StateKind.Progress => toKind switch
                {
                    StateKind.Progress => toIndex > fromIndex,
                    StateKind.Canceling => cancelInOrder,
                    StateKind.Canceled => !WholeCancel,
                    StateKind.Done or StateKind.Failed => true,
                    _ => false,
                },
                StateKind.CancelFailed when !WholeCancel => toKind switch
                {
                    StateKind.Progress or StateKind.Canceling => toIndex >= fromIndex,
                    StateKind.Done or StateKind.Failed or StateKind.Canceled => true,
                    _ => false,
                },
                StateKind.Canceling => toKind switch
                {
                    StateKind.Canceling => toIndex > fromIndex,
                    StateKind.CancelFailed => cancelInOrder,
                    StateKind.Done or StateKind.Failed or StateKind.Canceled => true,
                    _ => false,
                },
                _ => false, // done, failed, canceled (and a whole cancel's refusal) are final until a new operation starts
            };
        }

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
