using Market.Domain.Tasks;
using Market.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Infrastructure.Tasks;

/// <summary>Lease renewal and release, the same on both providers (conditional updates on the owner).</summary>
internal abstract class EfTaskLeases(IServiceScopeFactory scopes) : ITaskClaimer
{
    protected IServiceScopeFactory Scopes { get; } = scopes;

    public abstract Task<IReadOnlyList<string>> ClaimAsync(
        string owner, int limit, IReadOnlyCollection<string> runningHere, DateTime now, DateTime leaseUntil, CancellationToken cancellationToken);

    public async Task<bool> RenewAsync(string taskId, string owner, DateTime leaseUntil, CancellationToken cancellationToken)
    {
        await using var scope = Scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        var updated = await db.AppTasks
            .Where(AppTask.Active)
            .Where(t => t.Id == taskId && t.LeaseOwner == owner)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.LeaseUntil, leaseUntil), cancellationToken);
        return updated == 1;
    }

    public async Task ReleaseAsync(string taskId, string owner, DateTime? retryAt, CancellationToken cancellationToken)
    {
        await using var scope = Scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        await db.AppTasks
            .Where(t => t.Id == taskId && t.LeaseOwner == owner)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.LeaseOwner, (string?)null).SetProperty(t => t.LeaseUntil, retryAt), cancellationToken);
    }
}

/// <summary>PostgreSQL: replicas claim without blocking each other (<c>FOR UPDATE SKIP LOCKED</c>), oldest first.</summary>
internal sealed class PostgresTaskClaimer(IServiceScopeFactory scopes) : EfTaskLeases(scopes)
{
    private const string ClaimSql = """
        UPDATE app_tasks SET lease_owner = {0}, lease_until = {1}, updated_at = {2}
        WHERE id IN (
            SELECT id FROM app_tasks
            WHERE status IN ('pending', 'running')
              AND (lease_until IS NULL OR lease_until < {2} OR (lease_owner = {0} AND status = 'pending'))
              AND NOT (id = ANY({3}))
            ORDER BY created_at
            LIMIT {4}
            FOR UPDATE SKIP LOCKED)
        RETURNING id AS "Value"
        """;

    public override async Task<IReadOnlyList<string>> ClaimAsync(
        string owner, int limit, IReadOnlyCollection<string> runningHere, DateTime now, DateTime leaseUntil, CancellationToken cancellationToken)
    {
        await using var scope = Scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
#pragma warning disable EF1002 // the SQL is a constant; every value is a parameter
        return await db.Database
            .SqlQueryRaw<string>(ClaimSql, owner, leaseUntil, now, runningHere.ToArray(), limit)
            .ToListAsync(cancellationToken);
#pragma warning restore EF1002
    }
}

/// <summary>SQLite: a single process owns the file, so a lock plus a conditional update per task is enough.</summary>
internal sealed class SqliteTaskClaimer(IServiceScopeFactory scopes) : EfTaskLeases(scopes), IDisposable
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
            var candidates = await Claimable(db, owner, now)
                .OrderBy(t => t.CreatedAt)
                .Select(t => t.Id)
                .Take(limit + runningHere.Count)
                .ToListAsync(cancellationToken);
            var claimed = new List<string>();
            foreach (var id in candidates.Where(id => !runningHere.Contains(id)).Take(limit))
            {
                var updated = await Claimable(db, owner, now).Where(t => t.Id == id)
                    .ExecuteUpdateAsync(s => s.SetProperty(t => t.LeaseOwner, owner).SetProperty(t => t.LeaseUntil, leaseUntil).SetProperty(t => t.UpdatedAt, now), cancellationToken);
                if (updated == 1)
                {
                    claimed.Add(id);
                }
            }

            return claimed;
        }
        finally
        {
            _lock.Release();
        }
    }

    private static IQueryable<AppTask> Claimable(MarketDbContext db, string owner, DateTime now) =>
        db.AppTasks.Where(AppTask.Active).Where(t => (t.LeaseUntil == null || t.LeaseUntil < now || (t.LeaseOwner == owner && t.Status == TaskStatuses.Pending)));
}
