using Market.Application.Common.Interfaces;
using Market.Domain.Apps;
using Market.Domain.Tasks;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Tasks.Engine;

/// <summary>The rows an engine step changes: the task and its app, loaded for change.</summary>
internal static class TaskRows
{
    public static Task<AppTask?> TaskAsync(IMarketDbContext db, string taskId, CancellationToken cancellationToken) =>
        db.AppTasks.FirstOrDefaultAsync(t => t.Id == taskId, cancellationToken);

    public static Task<UserApp?> AppOfAsync(IMarketDbContext db, AppTask task, CancellationToken cancellationToken) =>
        db.UserApps.FirstOrDefaultAsync(a => a.UserId == task.UserId && a.AppName == task.AppName, cancellationToken);
}
