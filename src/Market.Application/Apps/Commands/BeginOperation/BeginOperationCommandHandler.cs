using Market.Application.Apps.Operations;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Market.Application.Common.Runtime;
using Market.Application.Common.Telemetry;
using Market.Application.Tasks.Engine;
using Market.Domain.Apps;
using Market.Domain.Tasks;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Market.Application.Apps.Commands.BeginOperation;

public sealed class BeginOperationCommandHandler(
    IMarketDbContext db,
    ITaskQueue queue,
    TaskSecretVault vault,
    TimeProvider clock,
    IOptions<TasksOptions> options) : ICommandHandler<BeginOperationCommand, BegunOperation>
{
    public async ValueTask<BegunOperation> Handle(BeginOperationCommand command, CancellationToken cancellationToken)
    {
        var (plan, idempotencyKey) = (command.Plan, command.IdempotencyKey);
        if (await IdempotencyKeys.FindAsync(db, plan.User, idempotencyKey, cancellationToken) is { } first)
        {
            return new BegunOperation(first, null); // a repeat that raced the first request: the first's task answers
        }

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

        await db.SaveChangesAsync(cancellationToken);
        return new BegunOperation(task, app);
    }
}
