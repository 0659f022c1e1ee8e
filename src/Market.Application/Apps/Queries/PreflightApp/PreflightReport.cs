using System.Text.Json.Serialization;
using Market.Domain.Tasks;

namespace Market.Application.Apps.Queries.PreflightApp;

/// <summary>One reason not to install (a blocker) or to think twice (a warning); <c>code</c> is from the failure cause set.</summary>
public sealed record PreflightItem(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("detail")] string? Detail)
{
    public static PreflightItem Of(FailureCause cause, string message, string? detail = null) => new(FailureCauses.Wire(cause), message, detail);

    [JsonIgnore]
    public FailureCause Cause => FailureCauses.Parse(Code) ?? FailureCause.Unknown;
}

/// <summary><c>POST /apps/{id}/preflight</c>: <c>{installable, blockers, warnings}</c>. Warnings never block.</summary>
public sealed record PreflightReport(
    [property: JsonPropertyName("installable")] bool Installable,
    [property: JsonPropertyName("blockers")] IReadOnlyList<PreflightItem> Blockers,
    [property: JsonPropertyName("warnings")] IReadOnlyList<PreflightItem> Warnings)
{
    public static PreflightReport Of(IReadOnlyList<PreflightItem> blockers, IReadOnlyList<PreflightItem> warnings) =>
        new(blockers.Count == 0, blockers, warnings);
}
