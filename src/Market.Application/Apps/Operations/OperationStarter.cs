using Market.Application.Common.Events;
using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Market.Application.Common.Runtime;
using Market.Application.Common.Telemetry;
using Market.Application.Tasks.Engine;
using Market.Domain.Apps;
using Market.Domain.Tasks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Market.Application.Apps.Operations;

/// <summary>What an operation request asks for, once the use case has checked it.</summary>
/// <param name="Begin">The app's transition that begins the operation (<c>app.BeginInstall(…)</c> …), given the new task's draft.</param>
public sealed record OperationPlan(string User, OpType Type, string AppName, TaskRequest Request, Func<UserApp, TaskDraft, AppTask> Begin)
{
    /// <summary>Install and clone: the chart's name, for the user's row when the app has none yet.</summary>
    public string? NewAppChartName { get; init; }

    /// <summary>Secret env values: they wait sealed (<see cref="TaskSecretVault"/>) until the runtime has them.</summary>
    public IReadOnlyDictionary<string, string> Secrets { get; init; } = new Dictionary<string, string>();

    /// <summary>Install, clone, upgrade, rollback: the exact chart submitted, kept on the task with its secret values sealed.</summary>
    public ChartReference? Chart { get; init; }

    /// <summary>Upgrade: the chart and envs of the version it replaces (<see cref="AppTask.RecordRollbackPoint"/>).</summary>
    public RollbackPoint? RollbackPoint { get; init; }
}

/// <summary>
/// Starts an operation: in one transaction the app moves to its operation's first state, the task is
/// created and the start is written to the history. Then the state is published and the workers woken.
/// One active operation per user and app (cancel excepted, <see cref="AppTask.CheckActive"/>).
/// </summary>
public sealed class OperationStarter(
    IMarketDbContext db,
    AppStatePublisher publisher,
    ITaskQueue queue,
    TaskSecretVault vault,
    TimeProvider clock,
    IOptions<TasksOptions> options)
{
    public async Task<AppTask> StartAsync(OperationPlan plan, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;

        // The app first, then its tasks: an operation another request commits in between shows up as its active task.
        var app = await db.UserApps.FirstOrDefaultAsync(a => a.UserId == plan.User && a.AppName == plan.AppName, cancellationToken);
        var active = await db.AppTasks.Where(AppTask.Active).Where(t => t.UserId == plan.User && t.AppName == plan.AppName).ToListAsync(cancellationToken);
        var cancelTarget = AppTask.CheckActive(active, plan.Type, plan.AppName);
        if (app is null)
        {
            app = plan.NewAppChartName is { } chart ? UserApp.Create(plan.User, plan.AppName, chart, now) : throw UserApp.NoSuchApp(plan.Type, plan.AppName);
            db.UserApps.Add(app);
        }

        var draft = new TaskDraft(queue.HostId, TimeSpan.FromSeconds(options.Value.LeaseSeconds), plan.Request.Write(), idempotencyKey, now)
        {
            CancelTarget = cancelTarget,
            TraceParent = MarketTelemetry.CurrentTraceParent(),
        };
        var task = plan.Begin(app, draft);
        if (plan.Chart is { } submitted)
        {
            task.RecordChart(submitted, vault.SealForKeeping(plan.Secrets));
        }

        if (plan.RollbackPoint is { Chart: { } previous } point)
        {
            task.RecordRollbackPoint(previous, point.EnvsJson, point.SealedSecrets);
        }

        db.AppTasks.Add(task);
        if (TaskHistory.Started(task, now) is { } started)
        {
            db.HistoryRecords.Add(started);
        }

        if (plan.Secrets.Count > 0)
        {
            // In the task's own transaction: whichever replica claims the task finds its values.
            vault.Seal(db, task.Id, plan.Secrets, now);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            var first = await IdempotencyKeys.FindAsync(db, plan.User, idempotencyKey, cancellationToken);
            return first ?? throw new ConflictException(AppTask.BusyMessage(plan.AppName)); // lost a race for the same app
        }

        await publisher.PublishAsync(app, cancellationToken);
        queue.NotifyCreated();
        return task;
    }
}
