using Market.Application.Apps.Models;
using Market.Application.Common.Interfaces;
using Mediator;

namespace Market.Application.Apps.Operations;

/// <summary>
/// Replays an operation whose <c>Idempotency-Key</c> this user already used: the first task's answer
/// (at once, or once settled for <c>sync</c>), without running the use case again. Runs after validation,
/// so a malformed repeat is still refused.
/// </summary>
public sealed class IdempotencyBehaviour<TMessage, TResponse>(IMarketDbContext db, OperationResponder responder) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IIdempotentCommand
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (await IdempotencyKeys.FindAsync(db, message.User, message.IdempotencyKey, cancellationToken) is { } first)
        {
            var replay = await responder.AnswerAsync(first, message.Sync, OperationMessages.For(message.OperationType), cancellationToken);
            return (TResponse)(object)replay;
        }

        return await next(message, cancellationToken);
    }
}
