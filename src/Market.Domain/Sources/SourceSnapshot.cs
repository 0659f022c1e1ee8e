namespace Market.Domain.Sources;

/// <summary>
/// What the last sync of a remote source saw: its catalog hash and version, the curated content
/// ("others") as normalized JSON, and the health figures the runtime views show.
/// </summary>
public class SourceSnapshot
{
    private SourceSnapshot()
    {
    }

    public SourceSnapshot(string sourceId)
    {
        SourceId = sourceId;
    }

    public string SourceId { get; private set; } = string.Empty;

    public string Hash { get; set; } = string.Empty;

    public string Version { get; set; } = string.Empty;

    public DateTime? LastUpdated { get; set; }

    /// <summary>Normalized curated content (topics, pages, tops …) as a JSON object.</summary>
    public string OthersJson { get; set; } = "{}";

    public DateTime? LastSyncAt { get; set; }

    public DateTime? LastSuccessAt { get; set; }

    public string? LastError { get; set; }

    public int AppCount { get; set; }

    public DateTime UpdatedAt { get; set; }
}
