namespace Market.Application.Common.Interfaces;

/// <summary>What a feature wants written to the audit log. <paramref name="Extended"/> must already be secret-free JSON.</summary>
public sealed record HistoryEntry(string Type, string Message, string App, string Account, string Extended = "");

/// <summary>The audit log port other features call.</summary>
public interface IHistoryService
{
    /// <summary>Appends a record; returns its id.</summary>
    Task<long> RecordAsync(HistoryEntry entry, CancellationToken cancellationToken);
}
