using System.Data.Common;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using StackExchange.Redis;

namespace Market.Infrastructure.Resilience;

/// <summary>
/// Tells an outage of the database or of Redis apart from a bug: such a failure is the service's
/// trouble, not the client's, and the request may succeed when retried a moment later (503, not 500).
/// Looks through wrappers (EF's <c>DbUpdateException</c>, a handler's own <c>InternalServerException</c>,
/// aggregate exceptions) down to the failure itself.
/// </summary>
internal static class InfrastructureFailure
{
    // SQLSTATE classes and codes of a server that is going away, restarting or failing over.
    private static readonly string[] OutageStates = ["57P01", "57P02", "57P03", "53300", "40001", "40P01"];

    public static bool IsTransient(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is AggregateException aggregate)
            {
                return aggregate.InnerExceptions.Any(IsTransient);
            }

            if (IsTransientItself(current))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsTransientItself(Exception exception) => exception switch
    {
        RetryLimitExceededException => true,
        PostgresException postgres => postgres.IsTransient || postgres.SqlState.StartsWith("08", StringComparison.Ordinal) || OutageStates.Contains(postgres.SqlState),

        // Without a server answer: connection refused, reset, a read cut off, the pool timing out.
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is SocketException or IOException or TimeoutException,
        DbException db => db.IsTransient,
        RedisConnectionException or RedisTimeoutException => true,
        _ => false,
    };
}
