namespace Market.Domain.Sources;

/// <summary>
/// What the last sync of a remote source saw: its catalog hash and version, the curated content
/// ("others") as normalized JSON, the apps it lists but the catalog holds back, how the source names
/// itself, and the health figures. A failing cycle changes only the health: the last good catalog stays.
/// </summary>
public class SourceSnapshot
{
    /// <summary>Every detail is refetched at least this often, whatever the hashes say (labels can change silently).</summary>
    public static readonly TimeSpan FullRefetchInterval = TimeSpan.FromDays(1);

    private SourceSnapshot()
    {
    }

    public SourceSnapshot(string sourceId)
    {
        SourceId = sourceId;
    }

    public string SourceId { get; private set; } = string.Empty;

    /// <summary>The catalog hash of the last complete cycle (empty until one completed).</summary>
    public string Hash { get; private set; } = string.Empty;

    public string Version { get; private set; } = string.Empty;

    public DateTime? LastUpdated { get; private set; }

    /// <summary>Normalized curated content (topics, pages, tops …) as a JSON object.</summary>
    public string OthersJson { get; private set; } = "{}";

    /// <summary>JSON array of <c>{app_id, name, reason}</c>: listed upstream, not shown (<see cref="HeldBackReasons"/>).</summary>
    public string HeldBackJson { get; private set; } = "[]";

    /// <summary>How the source names itself in its catalog info (empty values: not given).</summary>
    public string DisplayName { get; private set; } = string.Empty;

    public string ShortLabel { get; private set; } = string.Empty;

    public string Icon { get; private set; } = string.Empty;

    public DateTime? LastSyncAt { get; private set; }

    public DateTime? LastSuccessAt { get; private set; }

    /// <summary>When every detail was last fetched in a complete cycle.</summary>
    public DateTime? LastFullFetchAt { get; private set; }

    public string? LastError { get; private set; }

    /// <summary>Null after a success; else <see cref="SourceHealth.Unreachable"/>, <see cref="SourceHealth.Invalid"/> or <see cref="SourceHealth.PartialError"/>.</summary>
    public string? LastErrorKind { get; private set; }

    public int AppCount { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    public SourceLabels Labels => new(DisplayName, ShortLabel, Icon);

    /// <summary>True when the next cycle must fetch every detail even if the hash did not move.</summary>
    public bool NeedsFullRefetch(DateTime now) => LastFullFetchAt is not { } last || now - last >= FullRefetchInterval;

    /// <summary>
    /// Stores what a cycle that read the catalog saw. An incomplete cycle (<see cref="CatalogSync.Error"/> set)
    /// keeps the old hash, so that the next cycle fetches again.
    /// </summary>
    public void RecordSync(CatalogSync sync, DateTime now)
    {
        var complete = sync.Error is null;
        Hash = complete ? sync.Hash : Hash;
        Version = sync.Version;
        LastUpdated = sync.LastUpdated;
        OthersJson = sync.OthersJson;
        HeldBackJson = sync.HeldBackJson;
        DisplayName = sync.Labels.DisplayName;
        ShortLabel = sync.Labels.ShortLabel;
        Icon = sync.Labels.Icon;
        AppCount = sync.AppCount;
        LastSyncAt = now;
        LastSuccessAt = complete ? now : LastSuccessAt;
        LastFullFetchAt = complete && sync.FetchedEverything ? now : LastFullFetchAt;
        LastError = sync.Error;
        LastErrorKind = complete ? null : SourceHealth.PartialError;
        UpdatedAt = now;
    }

    /// <summary>
    /// A cycle that could not read the catalog: only the health changes. True when this turns the source unhealthy
    /// (unreachable or invalid after a good or partial cycle): the one moment <c>source_unhealthy</c> is announced.
    /// </summary>
    public bool RecordFailure(string errorKind, string error, DateTime now)
    {
        var turnedUnhealthy = !IsHardFailure(LastErrorKind) && IsHardFailure(errorKind);
        LastSyncAt = now;
        LastError = error;
        LastErrorKind = errorKind;
        UpdatedAt = now;
        return turnedUnhealthy;
    }

    private static bool IsHardFailure(string? errorKind) => errorKind is SourceHealth.Unreachable or SourceHealth.Invalid;

    /// <summary>
    /// An unchanged hash after an earlier failure: the stored catalog is current again. Steady unchanged
    /// cycles write nothing (their health lives in hot state), so this reports whether there was anything to clear.
    /// </summary>
    public bool RecordRecovery(DateTime now)
    {
        if (LastErrorKind is null)
        {
            return false;
        }

        LastSyncAt = now;
        LastSuccessAt = now;
        LastError = null;
        LastErrorKind = null;
        UpdatedAt = now;
        return true;
    }
}

/// <summary>What one sync cycle that read the catalog saw.</summary>
/// <param name="Error">Null when the cycle completed; else the first failure (some details were not fetched).</param>
/// <param name="FetchedEverything">Every listed app's details were asked for (the daily full refetch, or a hash change with no summary change).</param>
public sealed record CatalogSync(
    string Hash,
    string Version,
    DateTime? LastUpdated,
    string OthersJson,
    string HeldBackJson,
    SourceLabels Labels,
    int AppCount,
    bool FetchedEverything,
    string? Error = null);
