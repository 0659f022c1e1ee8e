using Market.Application.Apps.Models;
using Market.Domain.Apps;
using Mediator;

namespace Market.Application.Apps.Operations;

/// <summary>
/// An operation that creates a task and honours the <c>Idempotency-Key</c> header (read by the Api and
/// passed in): a repeated key answers with the first task (<see cref="IdempotencyBehaviour{TMessage, TResponse}"/>).
/// </summary>
public interface IIdempotentCommand : ICommand<OperationAnswer>
{
    string User { get; }

    string? IdempotencyKey { get; }

    bool Sync { get; }

    /// <summary>install, clone, cancel, upgrade or uninstall: which messages the answer uses.</summary>
    OpType OperationType { get; }
}
