using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Market.Testing.Hosting;

/// <summary>
/// Counts the SQL a test's own requests cause. Background work (task workers polling, sync) runs all
/// the time, so only commands issued inside <see cref="Measure"/> count; that needs the test server
/// to flow the caller's execution context (<c>factory.Server.PreserveExecutionContext = true</c>).
/// </summary>
public sealed class SqlCommandCounter : DbCommandInterceptor
{
    private static readonly AsyncLocal<SqlCommandCounter?> Measuring = new();
    private int _count;

    public int Count => Volatile.Read(ref _count);

    /// <summary>Counts commands run by whatever is awaited inside the returned scope.</summary>
    public IDisposable Measure()
    {
        Measuring.Value = this;
        return new Scope();
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Record();
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Record();
        return base.ReaderExecuting(command, eventData, result);
    }

    private void Record()
    {
        if (ReferenceEquals(Measuring.Value, this))
        {
            Interlocked.Increment(ref _count);
        }
    }

    private sealed class Scope : IDisposable
    {
        public void Dispose() => Measuring.Value = null;
    }
}
