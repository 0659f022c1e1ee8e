namespace Market.Domain.Apps;

/// <summary>
/// A state the runtime reports for an app (polled, or pushed by app-service): the app state, download
/// progress, why, and each entrance's own state by entrance name when the runtime knows it.
/// </summary>
public sealed record RuntimeReport(
    string State,
    string? Progress = null,
    string? Reason = null,
    string? Message = null,
    IReadOnlyDictionary<string, string>? EntranceStates = null);
