namespace Market.Infrastructure.Tasks;

/// <summary>Hands out task leases. PostgreSQL: <c>FOR UPDATE SKIP LOCKED</c> across replicas; SQLite: one process, a lock and conditional updates.</summary>
internal interface ITaskClaimer
{
    /// <summary>
    /// Claims up to <paramref name="limit"/> tasks: pending or running ones whose lease ran out (or was
    /// released), plus pending ones pre-leased to this host at creation, never one already running here.
    /// </summary>
    Task<IReadOnlyList<string>> ClaimAsync(string owner, int limit, IReadOnlyCollection<string> runningHere, DateTime now, DateTime leaseUntil, CancellationToken cancellationToken);

    /// <summary>Extends the lease; false when this host no longer holds it (then it must stop working on the task).</summary>
    Task<bool> RenewAsync(string taskId, string owner, DateTime leaseUntil, CancellationToken cancellationToken);

    /// <summary>Lets go of a task (optionally claimable only after <paramref name="retryAt"/>).</summary>
    Task ReleaseAsync(string taskId, string owner, DateTime? retryAt, CancellationToken cancellationToken);
}
