using Market.Application.Common.Interfaces;
using Market.Application.Tasks.Engine;
using Mediator;

namespace Market.Application.Tasks.Commands.TimeOutTask;

/// <summary>
/// The operation stayed in one state longer than <see cref="StuckAfter"/> (Market:Tasks:StuckAfterSeconds): the task
/// ends failed with cause <c>timeout</c>, the app in the operation's failure state. Null when it moved on meanwhile,
/// ended, or is no longer <see cref="HostId"/>'s.
/// </summary>
public sealed record TimeOutTaskCommand(string TaskId, string HostId, TimeSpan StuckAfter) : ICommand<EndedTask?>, IRetryOnConflict;
