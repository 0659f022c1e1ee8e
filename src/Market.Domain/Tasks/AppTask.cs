namespace Market.Domain.Tasks;

/// <summary>
/// A durable unit of work against the app runtime (install, clone, upgrade, uninstall, cancel).
/// Created in the same transaction as the app's state change; claimed by workers under a lease.
/// </summary>
public class AppTask
{
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

    /// <summary>install, clone, upgrade, uninstall, cancel.</summary>
    public string Type { get; private set; } = string.Empty;

    public string AppName { get; private set; } = string.Empty;

    public string RawAppName { get; set; } = string.Empty;

    public string SourceId { get; private set; } = string.Empty;

    public string Version { get; set; } = string.Empty;

    /// <summary>pending, running, completed, failed, canceled.</summary>
    public string Status { get; set; } = "pending";

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
}
