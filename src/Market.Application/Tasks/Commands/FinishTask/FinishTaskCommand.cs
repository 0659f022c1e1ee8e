using Market.Application.Common.Interfaces;
using Market.Application.Tasks.Engine;
using Market.Domain.Apps;
using Mediator;

namespace Market.Application.Tasks.Commands.FinishTask;

/// <summary>
/// The runtime says the operation ended: in one transaction the task takes its outcome, the app its final state
/// and version, the history its end record (and a successful cancel ends the install it canceled). Null when the
/// task already ended or is no longer <see cref="HostId"/>'s.
/// </summary>
public sealed record FinishTaskCommand(string TaskId, string HostId, RuntimeReport Report, OperationOutcome Outcome) : ICommand<EndedTask?>, IRetryOnConflict;
