using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using Market.Domain.Common;
using Market.Domain.Tasks;
using Op = Market.Domain.Apps.OpType;

namespace Market.Domain.Apps;

/// <summary>
/// One user's copy of an app: which source it came from, the installed version, the live state the
/// runtime reports and, for clones, the clone identity (name = raw name + 6 hex, own title).
/// Every change goes through the transitions below, which enforce <see cref="AppStateMachine"/>:
/// an operation begins here (returning its <see cref="AppTask"/>) and ends through the task
/// (<see cref="AppTask.Finish"/>, <see cref="AppTask.Reject"/>), the two together.
/// </summary>
public class UserApp
{
    /// <summary>Longest reason kept (the runtime's messages can be long; the web app shows them in a toast).</summary>
    public const int MaxReasonLength = 1000;

    private static readonly string[] NotInstalledStates = [.. AppStateMachine.NotInstalled];

    private UserApp()
    {
    }

    private UserApp(string userId, string sourceId, string appName, string rawAppName, string appId)
    {
        UserId = userId;
        SourceId = sourceId;
        AppName = appName;
        RawAppName = rawAppName;
        AppId = appId;
    }

    public long Id { get; private set; }

    public string UserId { get; private set; } = string.Empty;

    public string SourceId { get; private set; } = string.Empty;

    /// <summary>Name the runtime knows the app by (for clones: raw name + 6 hex).</summary>
    public string AppName { get; private set; } = string.Empty;

    public string RawAppName { get; private set; } = string.Empty;

    public string AppId { get; private set; } = string.Empty;

    /// <summary>Display title (the clone's own title for clones).</summary>
    public string Title { get; private set; } = string.Empty;

    public string Icon { get; private set; } = string.Empty;

    public string InstalledVersion { get; private set; } = string.Empty;

    public string State { get; private set; } = AppStates.Pending;

    /// <summary>install, upgrade, uninstall, cancel, clone, stop, resume …</summary>
    public Op? OpType { get; private set; }

    public string Progress { get; private set; } = string.Empty;

    public string Reason { get; private set; } = string.Empty;

    public string Message { get; private set; } = string.Empty;

    /// <summary>The app's entrances with the user's URLs and their states (stored as one JSON column).</summary>
    public IReadOnlyList<AppEntrance> Entrances { get; private set; } = [];

    public DateTime StateTime { get; private set; }

    /// <summary><c>createTime</c> of the last app-service state announcement applied (NATS); null before the first.</summary>
    public DateTime? EventCreateTime { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    /// <summary>Optimistic concurrency stamp, bumped on every write.</summary>
    public int RowVersion { get; private set; }

    /// <summary>True for clones (their name differs from the chart's name).</summary>
    public bool IsClone => RawAppName.Length > 0 && RawAppName != AppName;

    /// <summary>Something of the app is installed (deleting its package is refused).</summary>
    public bool IsInstalled => !AppStateMachine.NotInstalled.Contains(State);

    /// <summary>The query form of <see cref="IsInstalled"/>.</summary>
    public static Expression<Func<UserApp, bool>> Installed { get; } = a => !NotInstalledStates.Contains(a.State);

    /// <summary>The chart's name (a clone's original; the app's own name otherwise).</summary>
    public string ChartName => RawAppName.Length > 0 ? RawAppName : AppName;

    /// <summary>A user's first install (or clone) of an app creates its row; the state is empty until the operation begins.</summary>
    public static UserApp Create(string userId, string appName, string rawAppName, DateTime now) =>
        new(userId, string.Empty, appName, rawAppName, string.Empty) { State = string.Empty, StateTime = now, UpdatedAt = now };

    /// <summary>Why an operation other than install or clone cannot start on an app the user does not have.</summary>
    public static DomainException NoSuchApp(Op opType, string appName) => new(
        opType == Op.Cancel ? $"No installation of app {appName} is in progress" : $"App {appName} is not installed",
        DomainErrorKind.Conflict);

    /// <summary>Install <paramref name="listing"/>: the app takes the listing's source, id, title, icon and entrances.</summary>
    public AppTask BeginInstall(AppListing listing, TaskDraft draft)
    {
        var prior = Begin(Op.Install, draft);
        TakeListing(listing, listing.Title, listing.Icon, listing.Entrances);
        return AppTask.Open(this, prior, Op.Install, listing.Version, draft);
    }

    /// <summary>
    /// Move the installed app to <paramref name="listing"/>'s version. The entrances follow the new
    /// manifest; a clone keeps its own title, icon and entrance titles.
    /// </summary>
    public AppTask BeginUpgrade(AppListing listing, TaskDraft draft)
    {
        // What a rollback needs, recorded before anything moves: the version and source now installed.
        var (previousSource, previousVersion) = (SourceId, InstalledVersion);
        var prior = Begin(Op.Upgrade, draft);
        var entrances = IsClone ? KeepTitlesOf(Entrances, listing.Entrances) : listing.Entrances;
        TakeListing(listing with { AppId = AppId }, IsClone ? Title : listing.Title, IsClone ? Icon : listing.Icon, entrances);
        return AppTask.Open(this, prior, Op.Upgrade, listing.Version, draft).Remembering(previousSource, previousVersion, null);
    }

    /// <summary>
    /// Go back to the version and source <paramref name="upgrade"/> replaced (it failed, or the user asks).
    /// The rollback task records the current version in turn, so it can itself be undone by an upgrade.
    /// </summary>
    public AppTask BeginRollback(AppTask upgrade, TaskDraft draft)
    {
        if (upgrade.Type != Op.Upgrade || upgrade.UserId != UserId || upgrade.AppName != AppName || upgrade.PreviousVersion.Length == 0 || upgrade.IsActive)
        {
            throw new DomainException($"App {AppName} has no upgrade to roll back", DomainErrorKind.Conflict);
        }

        var (currentSource, currentVersion) = (SourceId, InstalledVersion);
        var prior = Begin(Op.Rollback, draft);
        SourceId = upgrade.PreviousSourceId;
        return AppTask.Open(this, prior, Op.Rollback, upgrade.PreviousVersion, draft).Remembering(currentSource, currentVersion, upgrade.Id);
    }

    /// <summary>
    /// This row becomes a clone of <paramref name="original"/> under <paramref name="identity"/>: the
    /// original's version, source and icon, its own title (else the original's) and entrance titles.
    /// </summary>
    public AppTask BeginClone(CloneIdentity identity, UserApp original, string title, IReadOnlyList<AppEntrance> entrances, TaskDraft draft)
    {
        if (identity.AppName != AppName || original.AppName != RawAppName || original.UserId != UserId)
        {
            throw new DomainException($"{AppName} is not the clone {identity.AppName} of {original.AppName}", DomainErrorKind.Invalid);
        }

        EnsureClonable(original, original.AppName, original.SourceId);
        var prior = Begin(Op.Clone, draft);
        var listing = new AppListing(original.SourceId, identity.AppId, original.InstalledVersion, string.Empty, original.Icon, entrances);
        TakeListing(listing, title.Length > 0 ? title : original.Title, original.Icon, entrances);
        return AppTask.Open(this, prior, Op.Clone, original.InstalledVersion, draft);
    }

    /// <summary>
    /// This row becomes a clone of the template app <paramref name="template"/> (<c>templateOnly</c>: a body that is
    /// never installed itself) under <paramref name="identity"/>: the template's source, version and icon, its own
    /// title (else the template's) and entrance titles.
    /// </summary>
    public AppTask BeginTemplateClone(CloneIdentity identity, AppListing template, string title, IReadOnlyList<AppEntrance> entrances, TaskDraft draft)
    {
        if (identity.AppName != AppName || RawAppName.Length == 0 || RawAppName == AppName)
        {
            throw new DomainException($"{AppName} is not the clone {identity.AppName} of a template", DomainErrorKind.Invalid);
        }

        var prior = Begin(Op.Clone, draft);
        TakeListing(template with { AppId = identity.AppId }, title.Length > 0 ? title : template.Title, template.Icon, entrances);
        return AppTask.Open(this, prior, Op.Clone, template.Version, draft);
    }

    /// <summary>Remove <paramref name="version"/>, which must be the installed one.</summary>
    public AppTask BeginUninstall(string version, TaskDraft draft)
    {
        EnsureInstalledVersion(version);
        var prior = Begin(Op.Uninstall, draft);
        return AppTask.Open(this, prior, Op.Uninstall, version, draft);
    }

    /// <summary>
    /// Cancel the install, clone, upgrade or resume in progress (<see cref="TaskDraft.CancelTarget"/>), when the app's
    /// state allows it (<see cref="AppStateMachine.CancelingStateOf(string, string)"/>).
    /// </summary>
    public AppTask BeginCancel(TaskDraft draft)
    {
        var target = draft.CancelTarget;
        var canceling = target is null ? null : AppStateMachine.CancelingStateOf(target.Type, State);
        if (target is null || canceling is null || !target.IsActive || target.UserId != UserId || target.AppName != AppName)
        {
            throw new DomainException($"No installation of app {AppName} is in progress", DomainErrorKind.Conflict);
        }

        var prior = Begin(Op.Cancel, draft, canceling);
        return AppTask.Open(this, prior, Op.Cancel, InstalledVersion, draft);
    }

    public AppTask BeginStop(TaskDraft draft)
    {
        var prior = Begin(Op.Stop, draft);
        return AppTask.Open(this, prior, Op.Stop, InstalledVersion, draft);
    }

    public AppTask BeginResume(TaskDraft draft)
    {
        var prior = Begin(Op.Resume, draft);
        return AppTask.Open(this, prior, Op.Resume, InstalledVersion, draft);
    }

    /// <summary>
    /// Restart is a stop followed by a resume (app-service has no restart): a running app (or one whose stop
    /// failed) begins the stop, and resumes once stopped; a stopped app (or one whose resume failed, e.g. a
    /// compute binding was asked for) begins the resume at once. The returned task is the first step.
    /// </summary>
    public AppTask BeginRestart(TaskDraft draft)
    {
        if (!AppStateMachine.CanStart(Op.Restart, State))
        {
            throw new DomainException(DescribeRefusal(Op.Restart, State), DomainErrorKind.Conflict);
        }

        return AppStateMachine.CanStart(Op.Stop, State) ? BeginStop(draft) : BeginResume(draft);
    }

    /// <summary>
    /// The one intake of every state the runtime reports, whether the task follower polled it, app-service
    /// announced it or the reconcile found it: <see cref="AppStateMachine.Admits"/> decides whether it may win;
    /// an announcement must also be newer than the last one applied. The entrances follow. Returns false (and
    /// changes nothing) when refused, stale or equal to what we have. <paramref name="now"/> becomes the state time.
    /// </summary>
    public bool ApplyState(AppStateChange change, DateTime now)
    {
        var report = change.Report;
        if (!AppStateMachine.Admits(change.Source, change.OpType ?? OpType, State, report.State))
        {
            return false;
        }

        switch (change.Source)
        {
            case AppStateSource.Follower:
                var changed = TakeReport(report, now);
                return FollowEntrances(report.EntranceStates, now) | changed;
            case AppStateSource.Announcement:
                if (EventCreateTime is { } last && change.CreateTime <= last)
                {
                    return false;
                }

                EventCreateTime = change.CreateTime;
                break;
            case AppStateSource.Reconcile:
                if (report.State == State)
                {
                    return FollowEntrances(report.EntranceStates, now);
                }

                break;
        }

        // app-service's word is taken as it is, even when it equals ours (its progress and reasons included).
        if (change.OpType is { } announced)
        {
            OpType = announced;
        }

        Progress = report.Progress ?? string.Empty;
        Reason = Truncate(report.Reason ?? string.Empty);
        Message = Truncate(report.Message ?? string.Empty);
        Touch(report.State, now);
        FollowEntrances(report.EntranceStates, now);
        return true;
    }

    /// <summary>Uninstall names the version the caller believes is installed; only that one may be removed.</summary>
    public void EnsureInstalledVersion(string version)
    {
        if (InstalledVersion.Length == 0 || InstalledVersion != version || State == AppStates.Uninstalled)
        {
            throw new DomainException($"App {AppName} version {version} is not installed", DomainErrorKind.NotFound);
        }
    }

    /// <summary>Only an app installed and at rest in <paramref name="sourceId"/> can be cloned.</summary>
    public static void EnsureClonable([NotNull] UserApp? original, string rawAppName, string sourceId)
    {
        if (original is null || original.SourceId != sourceId || original.InstalledVersion.Length == 0
            || !AppStateMachine.InstalledAtRest.Contains(original.State))
        {
            throw new DomainException($"Original app {rawAppName} is not installed in source {sourceId}", DomainErrorKind.NotFound);
        }
    }

    /// <summary>The runtime's final report without the entrances (the task's end applies them once, after the final state).</summary>
    internal bool ApplyReportedState(Op opType, RuntimeReport report, DateTime now) =>
        AppStateMachine.Admits(AppStateSource.Follower, opType, State, report.State) && TakeReport(report, now);

    private bool TakeReport(RuntimeReport report, DateTime now)
    {
        var progress = report.Progress ?? string.Empty;
        var reason = Truncate(report.Reason ?? string.Empty);
        var message = Truncate(report.Message ?? string.Empty);
        if (report.State == State && progress == Progress && reason == Reason && message == Message)
        {
            return false;
        }

        Progress = progress;
        Reason = reason;
        Message = message;
        Touch(report.State, now);
        return true;
    }

    /// <summary>app-service no longer has this app (seen by the reconcile after an absence): it is uninstalled.</summary>
    public bool MarkGoneFromRuntime(DateTime now)
    {
        if (State == AppStates.Uninstalled)
        {
            return false;
        }

        CompleteOperation(Op.Uninstall, string.Empty, now);
        FollowEntrances(null, now);
        return true;
    }

    /// <summary>The runtime says the operation succeeded. Install, clone and upgrade record the version now running.</summary>
    internal void CompleteOperation(Op opType, string version, DateTime now)
    {
        switch (opType)
        {
            case Op.Install or Op.Clone or Op.Upgrade or Op.Rollback:
                InstalledVersion = version;
                break;
            case Op.Uninstall:
                InstalledVersion = string.Empty;
                break;
            case Op.Cancel or Op.Stop or Op.Resume or Op.Restart:
                break;
        }

        if (opType != Op.Cancel)
        {
            Progress = string.Empty;
            Touch(AppStateMachine.DoneStateOf(opType), now);
        }
    }

    /// <summary>
    /// The operation failed after it started: the app shows the operation's failure state, the runtime's reason and,
    /// as its message, the failure's plain summary (what the web app shows).
    /// </summary>
    internal void FailOperation(Op opType, string reason, string summary, DateTime now)
    {
        Reason = Truncate(reason);
        Message = Truncate(summary);
        Progress = string.Empty;
        if (opType == Op.Cancel)
        {
            var cancelFailed = AppStateMachine.CancelFailedStateOf(State);
            if (cancelFailed is not null)
            {
                Touch(cancelFailed, now);
            }
            else
            {
                Changed(now);
            }

            return;
        }

        var failed = AppStateMachine.FailureStateOf(opType);
        if (AppStateMachine.OutcomeOf(opType, State) == OperationOutcome.InProgress || State == failed)
        {
            Touch(failed, now);
        }
        else
        {
            Changed(now);
        }
    }

    /// <summary>
    /// The runtime refused an operation on an installed app before it started (e.g. missing envs for an
    /// upgrade): the app is as it was, with the reason shown. New apps end in <c>installFailed</c>.
    /// </summary>
    internal void RejectOperation(Op opType, string priorState, string reason, string summary, DateTime now)
    {
        if (OpTypes.CreatesApp(opType) || opType == Op.Cancel || string.IsNullOrEmpty(priorState))
        {
            FailOperation(opType, reason, summary, now);
            return;
        }

        Reason = Truncate(reason);
        Message = Truncate(summary);
        Progress = string.Empty;
        Touch(priorState, now);
    }

    /// <summary>Entrances take the state of the app (or the runtime's own per-entrance report); true when one changed.</summary>
    internal bool FollowEntrances(IReadOnlyDictionary<string, string>? reported, DateTime now)
    {
        var stamp = WireTime.Format(now);
        var followed = Entrances.Select(e => e.Following(State, reported, stamp)).ToList();
        if (followed.SequenceEqual(Entrances))
        {
            return false;
        }

        Entrances = followed;
        Changed(now);
        return true;
    }

    /// <summary>Market accepted an operation: the app moves to the operation's first state (the prior one is returned), or the request is refused.</summary>
    private string Begin(Op opType, TaskDraft draft, string? startState = null)
    {
        if (!AppStateMachine.CanStart(opType, State))
        {
            throw new DomainException(DescribeRefusal(opType, State), DomainErrorKind.Conflict);
        }

        var prior = State;
        var next = startState ?? AppStateMachine.StartStateOf(opType, State);
        OpType = opType;
        Progress = string.Empty;
        Reason = string.Empty;
        Message = string.Empty;
        Touch(next, draft.CreatedAt);
        return prior;
    }

    private void TakeListing(AppListing listing, string title, string icon, IReadOnlyList<AppEntrance> entrances)
    {
        SourceId = listing.SourceId;
        AppId = listing.AppId;
        Title = title;
        Icon = icon;
        Entrances = entrances;
    }

    /// <summary>A clone keeps its own entrance titles, by entrance name.</summary>
    private static List<AppEntrance> KeepTitlesOf(IReadOnlyList<AppEntrance> current, IReadOnlyList<AppEntrance> next) =>
        next.Select(e => current.FirstOrDefault(c => c.Name == e.Name && !string.IsNullOrEmpty(c.Title)) is { } own ? e with { Title = own.Title } : e).ToList();

    private string DescribeRefusal(Op opType, string? state) => opType switch
    {
        Op.Install or Op.Clone when state is not null && AppStateMachine.InstalledAtRest.Contains(state) => $"App {AppName} is already installed",
        Op.Cancel => $"No installation of app {AppName} is in progress",
        Op.Upgrade or Op.Rollback or Op.Uninstall or Op.Stop or Op.Resume or Op.Restart when state is null || AppStateMachine.NotInstalled.Contains(state) =>
            $"App {AppName} is not installed",
        _ => $"Cannot {opType.ToWire()} app {AppName} while it is {(string.IsNullOrEmpty(state) ? "being prepared" : state)}",
    };

    private static string Truncate(string value) => value.Length <= MaxReasonLength ? value : value[..MaxReasonLength];

    private void Touch(string state, DateTime now)
    {
        State = state;
        Changed(now);
    }

    /// <summary>Every change moves the state time (the wire's statusTime) and the concurrency stamp.</summary>
    private void Changed(DateTime now)
    {
        StateTime = now;
        UpdatedAt = now;
        RowVersion++;
    }
}
