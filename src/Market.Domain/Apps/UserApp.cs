using Market.Domain.Common;

namespace Market.Domain.Apps;

/// <summary>
/// One user's copy of an app: which source it came from, the installed version, the live state the
/// runtime reports and, for clones, the clone identity (name = raw name + 6 hex, own title).
/// State changes go through the methods below, which enforce <see cref="AppStateMachine"/>.
/// </summary>
public class UserApp
{
    /// <summary>Longest reason kept (the runtime's messages can be long; the web app shows them in a toast).</summary>
    public const int MaxReasonLength = 1000;

    private UserApp()
    {
    }

    public UserApp(string userId, string sourceId, string appName, string rawAppName, string appId)
    {
        UserId = userId;
        SourceId = sourceId;
        AppName = appName;
        RawAppName = rawAppName;
        AppId = appId;
    }

    public long Id { get; private set; }

    public string UserId { get; private set; } = string.Empty;

    public string SourceId { get; set; } = string.Empty;

    /// <summary>Name the runtime knows the app by (for clones: raw name + 6 hex).</summary>
    public string AppName { get; private set; } = string.Empty;

    public string RawAppName { get; private set; } = string.Empty;

    public string AppId { get; set; } = string.Empty;

    /// <summary>Display title (the clone's own title for clones).</summary>
    public string Title { get; set; } = string.Empty;

    public string Icon { get; set; } = string.Empty;

    public string InstalledVersion { get; set; } = string.Empty;

    public string State { get; set; } = AppStates.Pending;

    /// <summary>install, upgrade, uninstall, cancel, clone, stop, resume …</summary>
    public string OpType { get; set; } = string.Empty;

    public string Progress { get; set; } = string.Empty;

    public string Reason { get; set; } = string.Empty;

    public string Message { get; set; } = string.Empty;

    /// <summary>JSON array of <c>{id, name, state, statusTime, reason, message, url, invisible, authLevel}</c>.</summary>
    public string EntranceStatusesJson { get; set; } = "[]";

    public DateTime StateTime { get; set; }

    /// <summary><c>createTime</c> of the last app-service state announcement applied (NATS); null before the first.</summary>
    public DateTime? EventCreateTime { get; private set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency stamp, bumped on every write.</summary>
    public int RowVersion { get; set; }

    /// <summary>True for clones (their name differs from the chart's name).</summary>
    public bool IsClone => RawAppName.Length > 0 && RawAppName != AppName;

    /// <summary>A user's first operation on an app creates its row; the state is empty until the operation begins.</summary>
    public static UserApp Create(string userId, string sourceId, string appName, string rawAppName, string appId, DateTime now) =>
        new(userId, sourceId, appName, rawAppName, appId) { State = string.Empty, StateTime = now, UpdatedAt = now };

    /// <summary>
    /// Market accepted an operation: the app moves to the operation's first state (<c>pending</c>,
    /// <c>stopping</c>, <c>resuming</c> or the matching <c>…Canceling</c>). Throws a conflict when the
    /// app's state does not allow it.
    /// </summary>
    public void BeginOperation(string opType, DateTime now)
    {
        var current = State;
        if (!AppStateMachine.CanStart(opType, current))
        {
            throw new DomainException(DescribeRefusal(opType, current), DomainErrorKind.Conflict);
        }

        var next = AppStateMachine.StartStateOf(opType, current);
        OpType = opType;
        Progress = string.Empty;
        Reason = string.Empty;
        Message = string.Empty;
        Touch(next, now);
    }

    /// <summary>
    /// A state the runtime reports for the running <paramref name="opType"/>. Returns false (and changes
    /// nothing) when it equals what we have or when it would move backwards (a stale report).
    /// </summary>
    public bool ApplyRuntimeState(string opType, string state, string? progress, string? reason, string? message, DateTime now)
    {
        if (!AppStateMachine.IsLegal(opType, State, state))
        {
            return false;
        }

        progress ??= string.Empty;
        reason = Truncate(reason ?? string.Empty);
        message = Truncate(message ?? string.Empty);
        if (state == State && progress == Progress && reason == Reason && message == Message)
        {
            return false;
        }

        Progress = progress;
        Reason = reason;
        Message = message;
        Touch(state, now);
        return true;
    }

    /// <summary>
    /// app-service announced a state (original-data-and-sync §10.2): applied only when its <c>createTime</c> is
    /// newer than the last one applied, the only ordering rule of the original (app-service is the authority
    /// on app states, so no transition check). A null <paramref name="createTime"/> is app-service's current
    /// list (the reconcile, §10.4): applied as is, the ordering mark untouched. An empty op type keeps ours.
    /// False when stale or unchanged.
    /// </summary>
    public bool ApplyAnnouncedState(DateTime? createTime, string opType, string state, string? progress, string? reason, string? message, DateTime now)
    {
        if (createTime is null)
        {
            if (state == State && opType.Length == 0)
            {
                return false;
            }
        }
        else if (EventCreateTime is { } last && createTime <= last)
        {
            return false;
        }
        else
        {
            EventCreateTime = createTime;
        }

        if (opType.Length > 0)
        {
            OpType = opType;
        }

        Progress = progress ?? string.Empty;
        Reason = Truncate(reason ?? string.Empty);
        Message = Truncate(message ?? string.Empty);
        Touch(state, now);
        return true;
    }

    /// <summary>The runtime says the operation succeeded. Install, clone and upgrade record the version now running.</summary>
    public void CompleteOperation(string opType, string version, DateTime now)
    {
        switch (opType)
        {
            case OpTypes.Install or OpTypes.Clone or OpTypes.Upgrade:
                InstalledVersion = version;
                break;
            case OpTypes.Uninstall:
                InstalledVersion = string.Empty;
                break;
        }

        if (opType != OpTypes.Cancel)
        {
            Progress = string.Empty;
            Touch(AppStateMachine.DoneStateOf(opType), now);
        }
    }

    /// <summary>The operation failed after it started: the app shows the operation's failure state and why.</summary>
    public void FailOperation(string opType, string reason, DateTime now)
    {
        Reason = Truncate(reason);
        Progress = string.Empty;
        if (opType == OpTypes.Cancel)
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
    public void RejectOperation(string opType, string priorState, string reason, DateTime now)
    {
        if (OpTypes.CreatesApp(opType) || opType == OpTypes.Cancel || string.IsNullOrEmpty(priorState))
        {
            FailOperation(opType, reason, now);
            return;
        }

        Reason = Truncate(reason);
        Progress = string.Empty;
        Touch(priorState, now);
    }

    /// <summary>New entrance statuses (URLs, per-entrance states); true when they differ from the current ones.</summary>
    public bool UpdateEntrances(string entranceStatusesJson, DateTime now)
    {
        if (entranceStatusesJson == EntranceStatusesJson)
        {
            return false;
        }

        EntranceStatusesJson = entranceStatusesJson;
        Changed(now);
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

    private string DescribeRefusal(string opType, string? state) => opType switch
    {
        OpTypes.Install or OpTypes.Clone when state is not null && AppStateMachine.InstalledAtRest.Contains(state) => $"App {AppName} is already installed",
        OpTypes.Cancel => $"No installation of app {AppName} is in progress",
        OpTypes.Upgrade or OpTypes.Uninstall or OpTypes.Stop or OpTypes.Resume when state is null || AppStateMachine.NotInstalled.Contains(state) =>
            $"App {AppName} is not installed",
        _ => $"Cannot {opType} app {AppName} while it is {(string.IsNullOrEmpty(state) ? "being prepared" : state)}",
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
