using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Npgsql.EntityFrameworkCore.PostgreSQL;

namespace Market.Infrastructure.Persistence;

/// <summary>
/// Retries a query or a <c>SaveChanges</c> that failed because PostgreSQL was briefly away (connection
/// refused, admin shutdown 57P01 on a restart, a failover), a few times within a second or so, so a
/// short blip costs latency instead of an error; a longer outage ends as 503 quickly instead of holding
/// requests. Inside a transaction the caller opened itself, a retry of the last statement alone would
/// not be safe, so there the operation runs once, as without a strategy.
/// </summary>
internal sealed class OutageRetryingExecutionStrategy(ExecutionStrategyDependencies dependencies)
    : NpgsqlRetryingExecutionStrategy(dependencies, MaxRetries, MaxDelay, ["57P01", "57P02", "57P03"])
{
    private const int MaxRetries = 3;
    private static readonly TimeSpan MaxDelay = TimeSpan.FromMilliseconds(800);

    private bool InUserTransaction => Dependencies.CurrentContext.Context.Database.CurrentTransaction is not null;

    public override TResult Execute<TState, TResult>(
        TState state,
        Func<DbContext, TState, TResult> operation,
        Func<DbContext, TState, ExecutionResult<TResult>>? verifySucceeded) =>
        InUserTransaction ? operation(Dependencies.CurrentContext.Context, state) : base.Execute(state, operation, verifySucceeded);

    public override Task<TResult> ExecuteAsync<TState, TResult>(
        TState state,
        Func<DbContext, TState, CancellationToken, Task<TResult>> operation,
        Func<DbContext, TState, CancellationToken, Task<ExecutionResult<TResult>>>? verifySucceeded,
        CancellationToken cancellationToken = default) =>
        InUserTransaction
            ? operation(Dependencies.CurrentContext.Context, state, cancellationToken)
            : base.ExecuteAsync(state, operation, verifySucceeded, cancellationToken);

    /// <summary>
    /// A server that restarted leaves every pooled connection dead; without clearing the pool each
    /// retry would pick up another dead one. Cleared, the next attempt dials afresh.
    /// </summary>
    protected override bool ShouldRetryOn(Exception? exception)
    {
        var retry = base.ShouldRetryOn(exception);
        if (retry && Dependencies.CurrentContext.Context.Database.GetDbConnection() is NpgsqlConnection connection)
        {
            NpgsqlConnection.ClearPool(connection);
        }

        return retry;
    }

    /// <summary>Short, jitter-free steps: 100, 200, 400 ms (capped), rather than the default's seconds.</summary>
    protected override TimeSpan? GetNextDelay(Exception lastException)
    {
        var next = base.GetNextDelay(lastException);
        return next is null ? null : TimeSpan.FromMilliseconds(Math.Min(MaxDelay.TotalMilliseconds, 100 * Math.Pow(2, ExceptionsEncountered.Count - 1)));
    }
}
