namespace Market.Domain.Tasks;

/// <summary>
/// One entry of a task's timeline. <see cref="State"/> is the app's wire state at that moment (null when the step
/// is not about a state); <see cref="Message"/> is scrubbed of secrets before it is recorded (<see cref="SecretScrubber"/>).
/// </summary>
public sealed record TaskStep(DateTime At, TaskStepKind Step, string? State, string? Message);
