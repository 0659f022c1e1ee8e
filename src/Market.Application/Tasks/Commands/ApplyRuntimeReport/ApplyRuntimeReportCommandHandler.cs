using Market.Application.Common.Interfaces;
using Market.Application.Tasks.Engine;
using Market.Domain.Apps;
using Mediator;

namespace Market.Application.Tasks.Commands.ApplyRuntimeReport;

public sealed class ApplyRuntimeReportCommandHandler(IMarketDbContext db, TimeProvider clock) : ICommandHandler<ApplyRuntimeReportCommand, UserApp?>
{
    public async ValueTask<UserApp?> Handle(ApplyRuntimeReportCommand command, CancellationToken cancellationToken)
    {
        var task = await TaskRows.TaskAsync(db, command.TaskId, cancellationToken);
        var app = task is null ? null : await TaskRows.AppOfAsync(db, task, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        if (app is null || !app.ApplyState(AppStateChange.Polled(command.OpType, command.Report), now))
        {
            return null;
        }

        // The task's timeline records the state the app took (a new state is a step; progress alone is not).
        task!.RecordState(app.State.ToWire(), command.Report.Message ?? command.Report.Reason, now);
        await db.SaveChangesAsync(cancellationToken);
        return app;
    }
}
