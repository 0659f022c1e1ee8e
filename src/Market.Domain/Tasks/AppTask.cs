using System.Security.Cryptography;
using Market.Domain.Apps;
using Market.Domain.Common;

namespace Market.Domain.Tasks;

/// <summary>
/// A durable unit of work against the app runtime (install, clone, upgrade, uninstall, cancel; stop
/// and resume are followed the same way). Created in the same transaction as the app's state change;
/// claimed by workers under a lease. Its final status is the operation's real outcome.
/// </summary>
public class AppTask
{
    private const string IdAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private AppTask()
    {
    }

    public AppTask(string id, string userId, string type, string appName, string sourceId)
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
    public string Type { get; private set; } = string.Empty;

    public string AppName { get; private set; } = string.Empty;

    public string RawAppName { get; set; } = string.Empty;

    public string SourceId { get; private set; } = string.Empty;

    public string Version { get; set; } = string.Empty;

    /// <summary>pending, running, completed, failed, canceled.</summary>
    public string Status { get; set; } = TaskStatuses.Pending;

    /// <summary>The runtime's id for the submitted operation; recorded before anything else.</summary>
    public string? OperationId { get; set; }

    /// <summary>The request as the runtime needs it (secrets masked out of every view).</summary>
    public string RequestJson { get; set; } = "{}";

    public string? ResultJson { get; set; }

    /// <summary>The runtime's 4xx body kept for the caller (the web app reads 422 <c>appenv</c> errors from it).</summary>
    public string? BackendResponseJson { get; set; }

    public string? Error { get; set; }

    public string? IdempotencyKey { get; set; }

    public int Attempts { get; set; }

    public string? LeaseOwner { get; set; }

    public DateTime? LeaseUntil { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? StartedAt { get; set; }

    public DateTime? FinishedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>Accepted by the runtime (it gave an operation id), or already over.</summary>
    public bool IsSettledForCaller => OperationId is not null || TaskStatuses.IsFinal(Status);

    /// <summary>
    /// A new task, held for <paramref name="leaseFor"/> by the host that created it (it holds the
    /// request's secret values in memory); any host may take it over once that lease runs out.
    /// </summary>
    public static AppTask Create(string userId, string type, string appName, string sourceId, string host, TimeSpan leaseFor, DateTime now) =>
        new(NewId(now), userId, type, appName, sourceId)
        {
            CreatedAt = now,
            UpdatedAt = now,
            LeaseOwner = host,
            LeaseUntil = now + leaseFor,
        };

    /// <summary><c>yyyyMMddHHmmss-</c> + 12 random characters: the original's shape without its collisions.</summary>
    public static string NewId(DateTime now) =>
        now.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture) + "-" + RandomNumberGenerator.GetString(IdAlphabet, 12);

    /// <summary>A worker starts (or resumes) the task.</summary>
    public void Start(DateTime now)
    {
        EnsureActive();
        Status = TaskStatuses.Running;
        StartedAt ??= now;
        Attempts++;
        UpdatedAt = now;
    }

    /// <summary>The runtime accepted the operation; its id is what a restarted host follows.</summary>
    public void RecordOperation(string operationId, string? resultJson, DateTime now)
    {
        EnsureActive();
        if (OperationId is not null && OperationId != operationId)
        {
            throw new DomainException($"task {Id} already follows operation {OperationId}", DomainErrorKind.Conflict);
        }

        OperationId = operationId;
        Status = TaskStatuses.Running;
        StartedAt ??= now;
        ResultJson = resultJson ?? ResultJson;
        UpdatedAt = now;
    }

    public void Complete(DateTime now) => Finish(TaskStatuses.Completed, null, now);

    public void Cancel(string? reason, DateTime now) => Finish(TaskStatuses.Canceled, reason, now);

    /// <summary>The operation failed; a runtime refusal keeps its response for the caller.</summary>
    public void Fail(string error, string? backendResponseJson, string? resultJson, DateTime now)
    {
        BackendResponseJson = backendResponseJson ?? BackendResponseJson;
        ResultJson = resultJson ?? ResultJson;
        Finish(TaskStatuses.Failed, error, now);
    }

    /// <summary>Lets go of the task so any host can take it (graceful shutdown, or a retry after <paramref name="retryAt"/>).</summary>
    public void Release(DateTime? retryAt, DateTime now)
    {
        LeaseOwner = null;
        LeaseUntil = retryAt;
        UpdatedAt = now;
    }

    private void Finish(string status, string? error, DateTime now)
    {
        EnsureActive();
        Status = status;
        Error = error;
        FinishedAt = now;
        LeaseOwner = null;
        LeaseUntil = null;
        UpdatedAt = now;
    }

    private void EnsureActive()
    {
        if (!TaskStatuses.IsActive(Status))
        {
            throw new DomainException($"task {Id} is already {Status}", DomainErrorKind.Conflict);
        }
    }

    /// <summary>Task types whose operation targets an app's lifecycle (cancel runs beside them).</summary>
    public static bool IsExclusive(string type) => type != OpTypes.Cancel;
}
