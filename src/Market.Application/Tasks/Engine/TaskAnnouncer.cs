using Market.Application.Apps.Operations;
using Market.Application.Common.Events;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Telemetry;
using Market.Domain.Apps;
using Market.Domain.Tasks;

namespace Market.Application.Tasks.Engine;

/// <summary>Tells everybody a committed task step: the app's new state, the task's point, a waiting sync caller.</summary>
public sealed class TaskAnnouncer(AppStatePublisher states, TaskEventPublisher points, ITaskQueue queue, MarketTelemetry telemetry)
{
    public Task AppChangedAsync(UserApp app, CancellationToken cancellationToken) => states.PublishAsync(app, cancellationToken);

    public ValueTask StartedAsync(AppTask task, CancellationToken cancellationToken) => points.ExecuteAsync(task, cancellationToken);

    /// <summary>The runtime accepted the task: a sync caller may answer now.</summary>
    public void Accepted(AppTask task) => queue.NotifySettled(task.Id);

    public async Task EndedAsync(AppTask task, UserApp? app, CancellationToken cancellationToken)
    {
        if (app is not null)
        {
            await states.PublishAsync(app, cancellationToken);
        }

        telemetry.TaskEnded(task);
        await points.FinishedAsync(task, cancellationToken);
        queue.NotifySettled(task.Id);
    }
}
