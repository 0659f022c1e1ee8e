using System.Linq.Expressions;
using System.Security.Cryptography;
using Market.Domain.Apps;
using Market.Domain.Common;

namespace Market.Domain.Tasks;

/// <summary>
/// A durable unit of work against the app runtime (install, clone, upgrade, uninstall, cancel; stop
/// and resume are followed the same way). Opened by a <see cref="UserApp"/> transition in the same
/// transaction; claimed by workers under a lease; ended together with its app (<see cref="Finish"/>,
/// <see cref="Reject"/>). Its final status is the operation's real outcome.
/// </summary>
public class AppTask
{
    private const string IdAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    /// <summary>A W3C trace parent is 55 characters; a little room for a future version.</summary>
    public const int MaxTraceParentLength = 64;

    /// <summary>A timeline keeps its first steps and its latest ones; a long flapping operation cannot grow it without end.</summary>
    public const int MaxTimelineSteps = 200;

    public const int MaxStepMessageLength = 500;

    private AppTask()
    {
    }

    private AppTask(string id, string userId, OpType type, string appName, string sourceId)
    {
        Id = id;
        UserId = userId;
        Type = type;
        AppName = appName;
        SourceId = sourceId;
    }

    public string Id { get; private set; } = string.Empty;

    public string UserId { get; private set; } = string.Empty;

    /// <summary>install, clone, upgrade, uninstall, cancel (stop and resume for followed direct calls).</summary>
    public OpType Type { get; private set; }

    public string AppName { get; private set; } = string.Empty;

    public string RawAppName { get; private set; } = string.Empty;

    public string SourceId { get; private set; } = string.Empty;

    public string Version { get; private set; } = string.Empty;

    /// <summary>pending, running, completed, failed, canceled.</summary>
    public AppTaskStatus Status { get; private set; } = AppTaskStatus.Pending;

    /// <summary>The runtime's id for the submitted operation; recorded before anything else.</summary>
    public string? OperationId { get; private set; }

    /// <summary>The app's state when the operation began: a refusal before the runtime accepted puts it back (<see cref="Reject"/>).</summary>
    public AppState PriorState { get; private set; } = AppState.None;

    /// <summary>Cancel: the install, clone, upgrade or resume task whose operation this task cancels.</summary>
    public string? CancelsTaskId { get; private set; }

    /// <summary>The request as the runtime needs it (secrets masked out of every view); no domain facts.</summary>
    public string RequestJson { get; private set; } = "{}";

    public string? ResultJson { get; private set; }

    /// <summary>The runtime's 4xx body kept for the caller (the web app reads 422 <c>appenv</c> errors from it).</summary>
    public string? BackendResponseJson { get; private set; }

    public string? Error { get; private set; }

    public string? IdempotencyKey { get; private set; }

    public int Attempts { get; private set; }

    /// <summary>
    /// The W3C trace parent (<c>00-trace-span-flags</c>) of the request that created the task, so every
    /// attempt joins that request's trace. Only ids: nothing of the request itself.
    /// </summary>
    public string? TraceParent { get; private set; }

    public string? LeaseOwner { get; private set; }

    public DateTime? LeaseUntil { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime? StartedAt { get; private set; }

    public DateTime? FinishedAt { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    /// <summary>Upgrade and rollback: the version installed before the operation began (what a rollback goes back to); empty otherwise.</summary>
    public string PreviousVersion { get; private set; } = string.Empty;

    /// <summary>Upgrade and rollback: the source the previous version came from.</summary>
    public string PreviousSourceId { get; private set; } = string.Empty;

    /// <summary>Rollback: the upgrade task it undoes.</summary>
    public string? RollsBackTaskId { get; private set; }

    /// <summary>Install, clone, upgrade, rollback: the stored package of the chart it submits (uploaded and local apps).</summary>
    public long? ChartPackageId { get; private set; }

    /// <summary>Install, clone, upgrade, rollback: the chart file it submits.</summary>
    public string? ChartFileName { get; private set; }

    /// <summary>Install, clone, upgrade, rollback: the SHA-256 of that chart (empty when Market never held it).</summary>
    public string? ChartSha256 { get; private set; }

    /// <summary>Install, clone, upgrade, rollback: its secret env values, sealed, kept so a later upgrade's rollback point can go back to them.</summary>
    public string? SealedEnvs { get; private set; }

    /// <summary>Upgrade: the stored package of the chart the previous version was installed from.</summary>
    public long? RollbackChartPackageId { get; private set; }

    public string? RollbackChartFileName { get; private set; }

    public string? RollbackChartSha256 { get; private set; }

    /// <summary>Upgrade: the previous version's stored envs (secret values absent).</summary>
    public string? RollbackEnvsJson { get; private set; }

    /// <summary>Upgrade: the previous version's secret env values, sealed.</summary>
    public string? RollbackSealedEnvs { get; private set; }

    /// <summary>The chart this task submits, when it submits one.</summary>
    public ChartReference? Chart => ChartFileName is null ? null : new ChartReference(ChartPackageId, ChartFileName, ChartSha256 ?? string.Empty);

    /// <summary>Upgrade: what a rollback goes back to (<see cref="RecordRollbackPoint"/>); null for other tasks.</summary>
    public RollbackPoint? RollbackPoint => Type != OpType.Upgrade || PreviousVersion.Length == 0 ? null : new RollbackPoint(
        PreviousVersion,
        PreviousSourceId,
        RollbackChartFileName is null ? null : new ChartReference(RollbackChartPackageId, RollbackChartFileName, RollbackChartSha256 ?? string.Empty),
        RollbackEnvsJson ?? "[]",
        RollbackSealedEnvs);

    /// <summary>
    /// Upgrade: the runtime reported it done but the app was not healthy yet; it must be by this time
    /// (Market:Upgrades:HealthTimeoutSeconds) or the upgrade fails as <see cref="FailureCause.Unhealthy"/>.
    /// Stored, so a restarted host keeps the same deadline.
    /// </summary>
    public DateTime? HealthDeadline { get; private set; }

    /// <summary>Every step of the task in order (accepted, queued, submitted, each runtime state, retries, the end). Appended only by this class.</summary>
    public IReadOnlyList<TaskStep> Timeline { get; private set; } = [];

    /// <summary>Why the task failed, was refused or timed out; null while it has not (and when it completed).</summary>
    public TaskFailure? Failure { get; private set; }

    /// <summary>Pending or running: the one operation on its app (a cancel runs beside the install it cancels).</summary>
    public bool IsActive => Status.IsActive();

    /// <summary>The query form of <see cref="IsActive"/>.</summary>
    public static Expression<Func<AppTask, bool>> Active { get; } = t => t.Status == AppTaskStatus.Pending || t.Status == AppTaskStatus.Running;

    /// <summary>Active install, clone or upgrade tasks: they need the app's package.</summary>
    public static Expression<Func<AppTask, bool>> InstallingPackage { get; } = t => (t.Status == AppTaskStatus.Pending || t.Status == AppTaskStatus.Running)
        && (t.Type == OpType.Install || t.Type == OpType.Clone || t.Type == OpType.Upgrade);

    /// <summary>Accepted by the runtime (it gave an operation id), or already over.</summary>
    public bool IsSettledForCaller => OperationId is not null || Status.IsFinal();

    /// <summary><c>yyyyMMddHHmmss-</c> + 12 random characters: the original's shape without its collisions.</summary>
    public static string NewId(DateTime now) =>
        now.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture) + "-" + RandomNumberGenerator.GetString(IdAlphabet, 12);

    public static string BusyMessage(string appName) => $"Another operation on app {appName} is already in progress";

    /// <summary>
    /// May <paramref name="opType"/> start beside the app's <paramref name="active"/> tasks? Only one
    /// operation per app at a time; a cancel needs the operation it cancels (install, clone, upgrade, resume), which it returns.
    /// </summary>
    public static AppTask? CheckActive(IReadOnlyCollection<AppTask> active, OpType opType, string appName)
    {
        if (opType != OpType.Cancel)
        {
            return active.Count > 0 ? throw new DomainException(BusyMessage(appName), DomainErrorKind.Conflict) : null;
        }

        if (active.Any(t => t.Type == OpType.Cancel))
        {
            throw new DomainException(BusyMessage(appName), DomainErrorKind.Conflict);
        }

        return active.FirstOrDefault(t => AppStateMachine.IsCancelableOperation(t.Type))
            ?? throw new DomainException($"No installation of app {appName} is in progress", DomainErrorKind.Conflict);
    }

    /// <summary>The task of an operation <paramref name="app"/> just began (see the <c>UserApp.Begin…</c> transitions).</summary>
    internal static AppTask Open(UserApp app, AppState priorState, OpType type, string version, TaskDraft draft) =>
        new(NewId(draft.CreatedAt), app.UserId, type, app.AppName, app.SourceId)
        {
            PriorState = priorState,
            CancelsTaskId = type == OpType.Cancel ? draft.CancelTarget?.Id : null,
            RawAppName = app.ChartName,
            Version = version,
            RequestJson = draft.RequestJson,
            IdempotencyKey = string.IsNullOrEmpty(draft.IdempotencyKey) ? null : draft.IdempotencyKey,
            TraceParent = draft.TraceParent is { Length: > 0 and <= MaxTraceParentLength } ? draft.TraceParent : null,
            CreatedAt = draft.CreatedAt,
            UpdatedAt = draft.CreatedAt,
            LeaseOwner = draft.Host,
            LeaseUntil = draft.CreatedAt + draft.LeaseFor,
            Timeline = [new TaskStep(draft.CreatedAt, TaskStepKind.Accepted, app.State.ToWire(), null)],
        };

    /// <summary>Records, as the operation opens, what going back needs (<see cref="UserApp.BeginUpgrade"/>, <see cref="UserApp.BeginRollback"/>).</summary>
    internal AppTask Remembering(string previousSourceId, string previousVersion, string? rollsBackTaskId)
    {
        PreviousSourceId = previousSourceId;
        PreviousVersion = previousVersion;
        RollsBackTaskId = rollsBackTaskId;
        return this;
    }

    /// <summary>
    /// The exact chart this install, clone, upgrade or rollback submits and its secret env values, sealed: what a later
    /// upgrade records as its rollback point. Set once, as the task opens.
    /// </summary>
    public void RecordChart(ChartReference chart, string? sealedEnvs)
    {
        if (Type is not (OpType.Install or OpType.Clone or OpType.Upgrade or OpType.Rollback) || ChartFileName is not null)
        {
            throw new DomainException($"task {Id}: a {Type.ToWire()} records no chart", DomainErrorKind.Invalid);
        }

        (ChartPackageId, ChartFileName, ChartSha256, SealedEnvs) = (chart.PackageId, chart.FileName, chart.Sha256, sealedEnvs);
    }

    /// <summary>
    /// Upgrade: what going back needs beyond the version and source <see cref="UserApp.BeginUpgrade"/> recorded: the
    /// chart the previous version was installed from and its install-time envs. Set once, as the upgrade opens.
    /// </summary>
    public void RecordRollbackPoint(ChartReference chart, string envsJson, string? sealedSecrets)
    {
        if (Type != OpType.Upgrade || RollbackChartFileName is not null)
        {
            throw new DomainException($"task {Id}: only an upgrade records a rollback point, once", DomainErrorKind.Invalid);
        }

        (RollbackChartPackageId, RollbackChartFileName, RollbackChartSha256) = (chart.PackageId, chart.FileName, chart.Sha256);
        (RollbackEnvsJson, RollbackSealedEnvs) = (envsJson, sealedSecrets);
    }

    /// <summary>A worker starts (or resumes) the task.</summary>
    public void Start(DateTime now)
    {
        EnsureActive();
        Status = AppTaskStatus.Running;
        StartedAt ??= now;
        Attempts++;
        UpdatedAt = now;
        if (Attempts == 1)
        {
            AddStep(TaskStepKind.Queued, null, null, now);
        }
    }

    /// <summary>The runtime accepted the operation; its id is what a restarted host follows.</summary>
    public void RecordOperation(string operationId, string? resultJson, DateTime now)
    {
        EnsureActive();
        if (OperationId is not null && OperationId != operationId)
        {
            throw new DomainException($"task {Id} already follows operation {OperationId}", DomainErrorKind.Conflict);
        }

        if (OperationId is null)
        {
            AddStep(TaskStepKind.Submitted, null, $"operation {operationId}", now);
        }

        OperationId = operationId;
        Status = AppTaskStatus.Running;
        StartedAt ??= now;
        ResultJson = resultJson ?? ResultJson;
        UpdatedAt = now;
    }

    /// <summary>
    /// The runtime says the operation ended (<paramref name="outcome"/> is not in progress): in one step
    /// the task takes its outcome and the app its final state, version and entrance states.
    /// </summary>
    public void Finish(UserApp? app, RuntimeReport report, OperationOutcome outcome, DateTime now)
    {
        EnsureActive();
        EnsureOwnApp(app);
        app?.ApplyReportedState(Type, report, now);
        RecordState(report.State, FirstNonEmpty(report.Message, report.Reason), now);
        switch (outcome)
        {
            case OperationOutcome.Completed:
                app?.CompleteOperation(Type, Version, now);
                End(AppTaskStatus.Completed, null, TaskStepKind.Finished, app?.State.ToWire(), now);
                break;
            case OperationOutcome.Canceled:
                var why = FirstNonEmpty(report.Reason, report.Message, "canceled");
                Explain(FailureClassifier.Canceled(this, why));
                End(AppTaskStatus.Canceled, why, TaskStepKind.Canceled, app?.State.ToWire(), now);
                break;
            case OperationOutcome.Failed:
                var reason = FirstNonEmpty(report.Reason, report.Message, report.State);
                Explain(FailureClassifier.Classify(this, FailureEvidence.FromReport(report)));
                app?.FailOperation(Type, reason, Failure!.Summary, now);
                End(AppTaskStatus.Failed, $"{Type.ToWire()} failed: {reason}", TaskStepKind.Failed, app?.State.ToWire(), now);
                break;
            default:
                throw new DomainException($"task {Id}: the operation has not ended", DomainErrorKind.Invalid);
        }

        app?.FollowEntrances(report.EntranceStates, now);
    }

    /// <summary>
    /// The operation never started (refused by the runtime, unreachable too long, impossible to submit):
    /// the task fails, keeping the runtime's response for the caller, and the app goes back to
    /// <see cref="PriorState"/> (a new app ends <c>installFailed</c>).
    /// </summary>
    public void Reject(UserApp? app, string error, FailureEvidence evidence, string? backendResponseJson, string? resultJson, DateTime now)
    {
        EnsureActive();
        EnsureOwnApp(app);
        BackendResponseJson = backendResponseJson ?? BackendResponseJson;
        ResultJson = resultJson ?? ResultJson;
        Explain(FailureClassifier.Classify(this, evidence));
        app?.RejectOperation(Type, PriorState, error, Failure!.Summary, now);
        End(AppTaskStatus.Failed, error, TaskStepKind.Failed, app?.State.ToWire(), now);
        app?.FollowEntrances(null, now);
    }

    /// <summary>
    /// The operation stayed in one state longer than <paramref name="stuckAfter"/> (Market:Tasks:StuckAfterSeconds):
    /// the task ends as <see cref="FailureCause.Timeout"/> and the app takes the operation's failure state.
    /// </summary>
    public void TimeOut(UserApp? app, TimeSpan stuckAfter, DateTime now)
    {
        EnsureActive();
        EnsureOwnApp(app);
        var state = LastState ?? app?.State.ToWire();
        var failure = FailureClassifier.TimedOut(this, state, stuckAfter);
        Explain(failure);
        app?.FailOperation(Type, failure.Summary, failure.Summary, now);
        End(AppTaskStatus.Failed, $"{Type.ToWire()} failed: {failure.Summary}", TaskStepKind.Timeout, app?.State.ToWire(), now);
    }

    /// <summary>When the operation entered the state it is in now (the last state step), or when it was submitted or opened.</summary>
    public DateTime InStateSince => Timeline.LastOrDefault(s => s.Step is TaskStepKind.State or TaskStepKind.Submitted or TaskStepKind.Accepted)?.At ?? CreatedAt;

    /// <summary>The last app state the runtime reported for this operation.</summary>
    public string? LastState => Timeline.LastOrDefault(s => s.Step == TaskStepKind.State)?.State;

    /// <summary>The runtime reported a state of the app: a step when it is a new one (progress alone is not a step).</summary>
    public void RecordState(string state, string? message, DateTime now)
    {
        if (string.IsNullOrEmpty(state) || LastState == state)
        {
            return;
        }

        AddStep(TaskStepKind.State, state, message, now);
        UpdatedAt = now;
    }

    /// <summary>The runtime could not be reached; the task waits until <paramref name="retryAt"/> and tries again.</summary>
    public void RecordRetry(string reason, DateTime retryAt, DateTime now)
    {
        AddStep(TaskStepKind.Retry, null, reason, now);
        Release(retryAt, now);
    }

    /// <summary>
    /// The upgrade is done at the runtime but its app is not healthy: wait for it until <paramref name="deadline"/>.
    /// Set once; a host that resumes the watch after a restart keeps the first deadline. Returns the deadline in force.
    /// </summary>
    public DateTime AwaitHealth(DateTime deadline, string detail, DateTime now)
    {
        EnsureActive();
        if (Type != OpType.Upgrade)
        {
            throw new DomainException($"task {Id}: only an upgrade waits for its app to be healthy", DomainErrorKind.Invalid);
        }

        if (HealthDeadline is { } set)
        {
            return set;
        }

        HealthDeadline = deadline;
        AddStep(TaskStepKind.HealthCheck, null, $"waiting until {WireTime.Format(deadline)} for the app to be healthy: {detail}", now);
        UpdatedAt = now;
        return deadline;
    }

    /// <summary>A failed upgrade is rolled back by <paramref name="rollbackTaskId"/>.</summary>
    public void RecordRollback(string rollbackTaskId, string reason, DateTime now)
    {
        AddStep(TaskStepKind.Rollback, null, $"rollback task {rollbackTaskId}: {reason}", now);
        UpdatedAt = now;
    }

    /// <summary>A failed upgrade is not rolled back by itself: <paramref name="why"/> (its recorded chart is gone or changed).</summary>
    public void RecordRollbackRefused(string why, DateTime now)
    {
        AddStep(TaskStepKind.Rollback, null, $"rollback refused: {why}", now);
        UpdatedAt = now;
    }

    /// <summary>A successful <paramref name="cancel"/> ends the install it canceled, whether or not that task's host noticed yet.</summary>
    public void CanceledBy(AppTask cancel, DateTime now)
    {
        if (cancel.Type != OpType.Cancel || cancel.UserId != UserId || cancel.AppName != AppName)
        {
            throw new DomainException($"task {cancel.Id} does not cancel task {Id}", DomainErrorKind.Invalid);
        }

        Explain(FailureClassifier.Canceled(this, "canceled by the user"));
        End(AppTaskStatus.Canceled, "canceled by the user", TaskStepKind.Canceled, null, now);
    }

    /// <summary>
    /// Host <paramref name="owner"/> claimed the task (the claimer chose it: its lease ran out or was
    /// released, or it was pre-leased to this host at creation) and holds it until <paramref name="until"/>.
    /// </summary>
    public void Lease(string owner, DateTime until, DateTime now)
    {
        EnsureActive();
        LeaseOwner = owner;
        LeaseUntil = until;
        UpdatedAt = now;
    }

    /// <summary>The heartbeat: false when <paramref name="owner"/> no longer holds the task (it must stop working on it).</summary>
    public bool RenewLease(string owner, DateTime until)
    {
        if (!IsActive || LeaseOwner != owner)
        {
            return false;
        }

        LeaseUntil = until;
        return true;
    }

    /// <summary>Lets go of the task so any host can take it (graceful shutdown, or a retry after <paramref name="retryAt"/>).</summary>
    public void Release(DateTime? retryAt, DateTime now)
    {
        LeaseOwner = null;
        LeaseUntil = retryAt;
        UpdatedAt = now;
    }

    /// <summary>Not ready to submit yet (a cancel waits for its install to reach the runtime): the claim does not count as an attempt.</summary>
    public void Postpone(DateTime retryAt, DateTime now)
    {
        Attempts = Math.Max(0, Attempts - 1);
        Release(retryAt, now);
    }

    /// <summary>The one place a failure is set: a failed, refused, timed-out or canceled task explains itself.</summary>
    private void Explain(TaskFailure failure) => Failure = failure;

    private void AddStep(TaskStepKind kind, string? state, string? message, DateTime now)
    {
        var text = SecretScrubber.Scrub(string.IsNullOrEmpty(message) ? null : message);
        var step = new TaskStep(now, kind, string.IsNullOrEmpty(state) ? null : state, text is { Length: > MaxStepMessageLength } ? text[..MaxStepMessageLength] : text);
        var steps = Timeline.Count < MaxTimelineSteps
            ? Timeline
            : [.. Timeline.Take(MaxTimelineSteps / 2), .. Timeline.Skip(Timeline.Count - (MaxTimelineSteps / 2) + 1)];
        Timeline = [.. steps, step];
    }

    private void End(AppTaskStatus status, string? error, TaskStepKind step, string? state, DateTime now)
    {
        EnsureActive();
        AddStep(step, state, step == TaskStepKind.Finished ? null : Failure?.Summary ?? error, now);
        Status = status;
        Error = error;
        FinishedAt = now;
        LeaseOwner = null;
        LeaseUntil = null;
        UpdatedAt = now;
    }

    private void EnsureActive()
    {
        if (!IsActive)
        {
            throw new DomainException($"task {Id} is already {Status.ToWire()}", DomainErrorKind.Conflict);
        }
    }

    private void EnsureOwnApp(UserApp? app)
    {
        if (app is not null && (app.UserId != UserId || app.AppName != AppName))
        {
            throw new DomainException($"task {Id} is not an operation on {app.UserId}'s {app.AppName}", DomainErrorKind.Invalid);
        }
    }

    private static string FirstNonEmpty(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrEmpty(v)) ?? string.Empty;
}
