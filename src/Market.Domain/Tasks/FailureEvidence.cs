using Market.Domain.Apps;

namespace Market.Domain.Tasks;

/// <summary>
/// What the runtime said when an operation failed or was refused, as the classifier reads it: the app-service
/// reason and message of the last state, the HTTP status and the 422 failed-check <c>type</c> of a refusal, whether
/// the runtime could not be reached at all, and the refusal's text.
/// </summary>
public sealed record FailureEvidence(
    string? State = null,
    string? Reason = null,
    string? Message = null,
    int? HttpStatus = null,
    string? CheckType = null,
    bool Unreachable = false)
{
    public static FailureEvidence FromReport(RuntimeReport report) => new(report.State, report.Reason, report.Message);

    /// <summary>Market could not hand the operation over (no runtime answer, or it gave up on it).</summary>
    public static FailureEvidence NotSubmitted(string error, bool unreachable) => new(Message: error, Unreachable: unreachable);

    /// <summary>All the words the runtime gave, for keyword matching and the failure's detail.</summary>
    public string Text => string.Join(": ", new[] { Reason, Message }.Where(s => !string.IsNullOrWhiteSpace(s)).Distinct());
}
