namespace Market.Application.Common.Interfaces;

/// <summary>
/// Marks a command whose handler loads rows, changes them through the domain and saves once:
/// <see cref="Behaviours.UnitOfWorkBehaviour{TMessage, TResponse}"/> runs it in one transaction under the
/// execution strategy and runs it again on a fresh read when another writer changed the same rows
/// (optimistic concurrency), or created a row with the same unique key first (the handler reads before it creates,
/// so the second run finds that row). The handler therefore must not publish anything before its save succeeded.
/// </summary>
public interface IRetryOnConflict;
