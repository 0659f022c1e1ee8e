using Market.Application.Common.Interfaces;
using Market.Domain.Apps;
using Market.Domain.History;
using Market.Domain.Tasks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Application.Tasks.Engine;

/// <summary>
/// One database step of the task engine: a fresh scope (a follow can last minutes, a context must not),
/// the task and its app loaded for change, the change, and the save — re-run from a fresh load when
/// another writer changed the same rows meanwhile (the app's row version, the task's lease owner).
/// </summary>
public sealed class TaskUnitOfWork(IServiceScopeFactory scopes)
{
    private const int MaxWriteAttempts = 8;

    /// <summary>The task as stored now (not tracked), or null when there is none.</summary>
    public async Task<AppTask?> ReadAsync(string? taskId, CancellationToken cancellationToken)
    {
        if (taskId is null)
        {
            return null;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IMarketDbContext>();
        return await db.AppTasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == taskId, cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="change"/> on the task and its app and saves it. The change returns false when
    /// there is nothing to save (the task ended elsewhere, a stale report …). Returns the saved step, or null
    /// when nothing was saved. <paramref name="keepWhateverHappens"/>: the save is not canceled with the caller
    /// (an accepted operation id must be kept).
    /// </summary>
    public async Task<TaskStep?> ChangeAsync(
        string taskId, Func<TaskStep, CancellationToken, ValueTask<bool>> change, CancellationToken cancellationToken, bool keepWhateverHappens = false)
    {
        for (var attempt = 1; attempt <= MaxWriteAttempts; attempt++)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<IMarketDbContext>();
            var task = await db.AppTasks.FirstOrDefaultAsync(t => t.Id == taskId, cancellationToken);
            if (task is null)
            {
                return null;
            }

            var app = await db.UserApps.FirstOrDefaultAsync(a => a.UserId == task.UserId && a.AppName == task.AppName, cancellationToken);
            var step = new TaskStep(db, task, app);
            if (!await change(step, cancellationToken))
            {
                return null;
            }

            try
            {
                await db.SaveChangesAsync(keepWhateverHappens ? CancellationToken.None : cancellationToken);
                return step;
            }
            catch (DbUpdateConcurrencyException)
            {
                // Changed by someone else since we read it: read again and re-apply.
            }
        }

        return null;
    }
}

/// <summary>The rows one engine step changes, saved together.</summary>
public sealed class TaskStep(IMarketDbContext db, AppTask task, UserApp? app)
{
    public IMarketDbContext Db { get; } = db;

    public AppTask Task { get; } = task;

    public UserApp? App { get; } = app;

    /// <summary>Another task changed in the same step (the install a cancel ended).</summary>
    public AppTask? Also { get; set; }

    public void AddHistory(HistoryRecord? record)
    {
        if (record is not null)
        {
            Db.HistoryRecords.Add(record);
        }
    }
}
