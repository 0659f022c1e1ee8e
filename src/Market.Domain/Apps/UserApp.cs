namespace Market.Domain.Apps;

/// <summary>
/// One user's copy of an app: which source it came from, the installed version, the live state the
/// runtime reports and, for clones, the clone identity (name = raw name + 6 hex, own title).
/// </summary>
public class UserApp
{
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

    public DateTime UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency stamp, bumped on every write.</summary>
    public int RowVersion { get; set; }
}
