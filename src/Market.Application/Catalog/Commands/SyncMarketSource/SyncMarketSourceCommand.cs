using Mediator;

namespace Market.Application.Catalog.Commands.SyncMarketSource;

/// <summary>One sync cycle of a remote source (original-data-and-sync §7, improved per DESIGN §5.3).</summary>
public sealed record SyncMarketSourceCommand(string SourceId) : ICommand<SourceSyncResult>;

public enum SourceSyncOutcome
{
    /// <summary>Another replica (or cycle) holds the source's sync lock.</summary>
    Skipped,

    /// <summary>No such remote source.</summary>
    NotRemote,

    /// <summary>The remote's hash equals the stored one: nothing was fetched or written.</summary>
    Unchanged,

    /// <summary>The catalog or curated content changed and was written.</summary>
    Updated,

    /// <summary>The remote's hash moved but nothing the users see changed.</summary>
    NoChanges,

    /// <summary>Some detail batches failed; what was fetched is stored, the rest is retried next cycle.</summary>
    Partial,

    /// <summary>The remote could not be read.</summary>
    Failed,
}

/// <param name="Changed">True when users' catalogs changed (and a <c>catalog_synced</c> event went out).</param>
/// <param name="ErrorKind">Of a failed cycle: <c>unreachable</c> or <c>invalid</c> (<see cref="Market.Domain.Sources.SourceHealth"/>).</param>
public sealed record SourceSyncResult(string SourceId, SourceSyncOutcome Outcome, int AppCount, bool Changed = false, string? Error = null, string? ErrorKind = null);

/// <summary>The wire names of the outcomes (runtime views, "sync now").</summary>
public static class SourceSyncOutcomes
{
    public static string Wire(SourceSyncOutcome outcome) => outcome switch
    {
        SourceSyncOutcome.Updated => "updated",
        SourceSyncOutcome.Unchanged => "unchanged",
        SourceSyncOutcome.NoChanges => "no_changes",
        SourceSyncOutcome.Partial => "partial",
        SourceSyncOutcome.Skipped => "skipped",
        SourceSyncOutcome.NotRemote => "not_remote",
        _ => "failed",
    };
}
