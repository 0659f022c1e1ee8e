namespace Market.Application.Common.Interfaces;

/// <summary>
/// The one "database ready" signal: the server listens first, then the database is migrated and seeded
/// (ADR 0023). Requests that need the database are answered 503 until <see cref="IsReady"/>; every background
/// job that touches the database awaits <see cref="WaitAsync"/> before its first query.
/// </summary>
public interface IDatabaseStartup
{
    /// <summary>True once the migrations are applied and the built-in rows seeded.</summary>
    bool IsReady { get; }

    /// <summary>Why the start-up work failed (the process is stopping), or null.</summary>
    Exception? Failure { get; }

    /// <summary>Completes with true when the database is ready; false when the host stops or the start-up work fails first.</summary>
    Task<bool> WaitAsync(CancellationToken cancellationToken);
}
