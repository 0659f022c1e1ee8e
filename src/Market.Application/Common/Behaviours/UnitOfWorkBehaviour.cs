using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Common.Behaviours;

/// <summary>
/// The one place that saves with retries (eShop Ordering's <c>TransactionBehavior</c>): a command marked
/// <see cref="IRetryOnConflict"/> runs inside the provider's execution strategy and one transaction; when
/// its save meets a concurrency conflict (the app's row version, a task's lease owner) or a row another writer
/// created first (<see cref="DuplicateRowException"/>), the tracked rows are forgotten and the handler runs again
/// on what is stored now: it reads before it creates, so the second run finds the winner's row. No handler
/// catches these itself. A command sent while a transaction is already open joins it (no nested unit of work).
/// </summary>
public sealed class UnitOfWorkBehaviour<TMessage, TResponse>(IMarketDbContext db) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    /// <summary>Conflicts come from a few writers of one row; more rounds than this mean something is wrong.</summary>
    public const int MaxAttempts = 8;

    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (message is not IRetryOnConflict || db.Database.CurrentTransaction is not null)
        {
            return next(message, cancellationToken);
        }

        return new ValueTask<TResponse>(db.Database.CreateExecutionStrategy().ExecuteAsync(
            (message, next), (_, state, ct) => RunAsync(state.message, state.next, ct), null, cancellationToken));
    }

    private async Task<TResponse> RunAsync(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            try
            {
                var response = await next(message, cancellationToken);
                await transaction.CommitAsync(CancellationToken.None);
                return response;
            }
            catch (DbUpdateException ex) when (ex is DbUpdateConcurrencyException or DuplicateRowException && attempt < MaxAttempts)
            {
                // Someone else changed (or created) the rows between our read and our write: read again and re-apply.
                await transaction.RollbackAsync(CancellationToken.None);
                db.ChangeTracker.Clear();
            }
            catch
            {
                // The execution strategy may run us again (a PostgreSQL restart): start from a clean context.
                db.ChangeTracker.Clear();
                throw;
            }
        }
    }
}
