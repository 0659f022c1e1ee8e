using Market.Application.Common.Interfaces;
using Mediator;

namespace Market.Application.Tasks.Commands.AwaitHealth;

/// <summary>
/// The upgrade is done at the runtime but its app is not healthy yet: record (once) until when Market waits for it,
/// so a restarted host resumes the same watch. Answers the deadline in force, or null when the task ended or is
/// no longer <see cref="HostId"/>'s.
/// </summary>
public sealed record AwaitHealthCommand(string TaskId, string HostId, TimeSpan Timeout, string Detail) : ICommand<DateTime?>, IRetryOnConflict;
