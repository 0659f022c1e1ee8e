namespace Market.Domain.Tasks;

/// <summary>
/// A failed, refused or timed-out task explained: the classified <see cref="Cause"/>, one plain sentence for a person
/// (<see cref="Summary"/>, also the app's status message), the runtime's own words (<see cref="Detail"/>, secrets
/// scrubbed), what to do next and whether trying again as is can help.
/// </summary>
public sealed record TaskFailure(FailureCause Cause, string Summary, string? Detail, string NextStep, bool Retryable)
{
    public const int MaxDetailLength = 2000;

    public static TaskFailure Of(FailureCause cause, string summary, string? detail, string nextStep, bool retryable) =>
        new(cause, summary, Clip(SecretScrubber.Scrub(detail)), nextStep, retryable);

    private static string? Clip(string? text) => text is { Length: > MaxDetailLength } ? text[..MaxDetailLength] : text;
}
