using Market.Domain.Tasks;
using Market.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Infrastructure.Tasks;

/// <summary>
/// Chooses which tasks a host may hold; the lease columns themselves are written only by the task's domain
/// methods (<see cref="AppTask.Lease"/>, <see cref="AppTask.RenewLease"/>, <see cref="AppTask.Release"/>),
/// saved under the lease owner's concurrency token: a host that lost the task meanwhile gets a conflict, not
/// a lease. Renewal and release are the same on both providers; claiming differs.
/// </summary>
internal abstract class EfTaskLeases(IServiceScopeFactory scopes, TimeProvider clock) : ITaskClaimer
{
    protected IServiceScopeFactory Scopes { get; } = scopes;

    public abstract Task<IReadOnlyList<string>> ClaimAsync(
        string owner, int limit, IReadOnlyCollection<string> runningHere, DateTime now, DateTime leaseUntil, CancellationToken cancellationToken);

    public async Task<bool> RenewAsync(string taskId, string owner, DateTime leaseUntil, CancellationToken cancellationToken)
    {
        await using var scope = Scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        var task = await db.AppTasks.FirstOrDefaultAsync(t => t.Id == taskId, cancellationToken);
        if (task is null || !task.RenewLease(owner, leaseUntil))
        {
            return false;
        }

        return await SavedAsync(db, cancellationToken);
    }

    public async Task ReleaseAsync(string taskId, string owner, DateTime? retryAt, CancellationToken cancellationToken)
    {
        await using var scope = Scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        var task = await db.AppTasks.FirstOrDefaultAsync(t => t.Id == taskId && t.LeaseOwner == owner, cancellationToken);
        if (task is not null)
        {
            task.Release(retryAt, clock.GetUtcNow().UtcDateTime);
            await SavedAsync(db, cancellationToken); // a conflict means another host took it: nothing left to hand back
        }
    }

    /// <summary>Leases the chosen tasks to <paramref name="owner"/> in one save; none when another host changed one meanwhile (the next round tries again).</summary>
    protected static async Task<IReadOnlyList<string>> LeaseAsync(
        MarketDbContext db, IReadOnlyList<string> ids, string owner, DateTime now, DateTime leaseUntil, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        var tasks = await db.AppTasks.Where(AppTask.Active).Where(t => ids.Contains(t.Id)).ToListAsync(cancellationToken);
        foreach (var task in tasks)
        {
            task.Lease(owner, leaseUntil, now);
        }

        return await SavedAsync(db, cancellationToken) ? tasks.Select(t => t.Id).ToList() : [];
    }

    private static async Task<bool> SavedAsync(MarketDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
    }
}

/// <summary>PostgreSQL: replicas choose without blocking each other (<c>FOR UPDATE SKIP LOCKED</c>, held until the leases are saved), oldest first.</summary>
internal sealed class PostgresTaskClaimer(IServiceScopeFactory scopes, TimeProvider clock) : EfTaskLeases(scopes, clock)
{
    private const string ChooseSql = """
        SELECT id AS "Value" FROM app_tasks
        WHERE status IN ('pending', 'running')
          AND (lease_until IS NULL OR lease_until < {1} OR (lease_owner = {0} AND status = 'pending'))
          AND NOT (id = ANY({2}))
        ORDER BY created_at
        LIMIT {3}
        FOR UPDATE SKIP LOCKED
        """;

    public override async Task<IReadOnlyList<string>> ClaimAsync(
        string owner, int limit, IReadOnlyCollection<string> runningHere, DateTime now, DateTime leaseUntil, CancellationToken cancellationToken)
    {
        await using var scope = Scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
#pragma warning disable EF1002 // the SQL is a constant; every value is a parameter
            var ids = await db.Database.SqlQueryRaw<string>(ChooseSql, owner, now, runningHere.ToArray(), limit).ToListAsync(ct);
#pragma warning restore EF1002
            var claimed = await LeaseAsync(db, ids, owner, now, leaseUntil, ct);
            await transaction.CommitAsync(ct);
            return claimed;
        }, cancellationToken);
    }
}

/// <summary>SQLite: a single process owns the file, so a lock around choosing and leasing is enough.</summary>
internal sealed class SqliteTaskClaimer(IServiceScopeFactory scopes, TimeProvider clock) : EfTaskLeases(scopes, clock), IDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);

    public void Dispose() => _lock.Dispose();

    public override async Task<IReadOnlyList<string>> ClaimAsync(
        string owner, int limit, IReadOnlyCollection<string> runningHere, DateTime now, DateTime leaseUntil, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            await using var scope = Scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
            var candidates = await db.AppTasks.AsNoTracking()
                .Where(AppTask.Active)
                .Where(t => t.LeaseUntil == null || t.LeaseUntil < now || (t.LeaseOwner == owner && t.Status == AppTaskStatus.Pending))
                .OrderBy(t => t.CreatedAt)
                .Select(t => t.Id)
                .Take(limit + runningHere.Count)
                .ToListAsync(cancellationToken);
            var chosen = candidates.Where(id => !runningHere.Contains(id)).Take(limit).ToList();
            return await LeaseAsync(db, chosen, owner, now, leaseUntil, cancellationToken);
        }
        finally
        {
            _lock.Release();
        }
    }
}
