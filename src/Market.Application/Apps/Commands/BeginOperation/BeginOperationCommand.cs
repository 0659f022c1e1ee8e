using Market.Application.Apps.Operations;
using Market.Application.Common.Interfaces;
using Market.Domain.Apps;
using Market.Domain.Tasks;
using Mediator;

namespace Market.Application.Apps.Commands.BeginOperation;

/// <summary>
/// The write of an operation's start: the app's first state, the task, its sealed secrets and the history line,
/// in one transaction. A request that loses a race (the same <c>Idempotency-Key</c>, or another operation on the
/// same app) breaks a unique index or the app's row version; the unit of work runs this again, and the second run
/// finds the winner's task (answered as the first) or the app busy (409).
/// </summary>
public sealed record BeginOperationCommand(OperationPlan Plan, string? IdempotencyKey) : ICommand<BegunOperation>, IRetryOnConflict;

/// <summary>The operation's task; <see cref="App"/> is null when the key named an earlier task (nothing new to publish).</summary>
public sealed record BegunOperation(AppTask Task, UserApp? App);
