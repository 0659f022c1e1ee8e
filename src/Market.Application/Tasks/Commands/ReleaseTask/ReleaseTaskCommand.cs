using Market.Application.Common.Interfaces;
using Mediator;

namespace Market.Application.Tasks.Commands.ReleaseTask;

/// <summary>
/// Lets go of a task until <see cref="RetryAt"/> (the runtime was unreachable: a <c>retry</c> step with <see cref="Reason"/>). <see cref="Postpone"/>: it was not
/// ready to submit (a cancel waiting for its install), so the claim does not count as an attempt.
/// </summary>
public sealed record ReleaseTaskCommand(string TaskId, DateTime RetryAt, bool Postpone = false, string? Reason = null) : ICommand<bool>, IRetryOnConflict;
