using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Market.Application.Common.Exceptions;

/// <summary>
/// A save met a unique index or primary key another writer filled first (two requests creating the same
/// purchase, task key or announcement at once). The database context raises it for every provider, so the
/// use cases never look at provider error codes: <see cref="Behaviours.UnitOfWorkBehaviour{TMessage, TResponse}"/>
/// runs an <see cref="Interfaces.IRetryOnConflict"/> command again, and its handler, which reads before it
/// creates, then finds the winner's row.
/// </summary>
public sealed class DuplicateRowException(string message, Exception? inner, IReadOnlyList<EntityEntry> entries)
    : DbUpdateException(message, inner, entries);
