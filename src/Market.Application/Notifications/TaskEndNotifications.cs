using Market.Application.Common.Interfaces;
using Market.Domain.Apps;
using Market.Domain.Notifications;
using Market.Domain.Tasks;

namespace Market.Application.Notifications;

/// <summary>
/// The webhook outbox rows a task's ending produces, added to the pending changes of the handler that ends it
/// (finish or reject), so they commit with the ending: <c>operation_rolled_back</c> for a rollback that ran,
/// <c>operation_failed</c> for any other operation that failed. The error text is left out on purpose: it may
/// quote env values.
/// </summary>
public static class TaskEndNotifications
{
    public static async Task EnqueueAsync(IMarketDbContext db, AppTask task, DateTime now, CancellationToken cancellationToken)
    {
        var notificationEvent = task.Type == OpType.Rollback ? NotificationEvents.OperationRolledBack
            : task.Status == AppTaskStatus.Failed ? NotificationEvents.OperationFailed
            : null;
        if (notificationEvent is null)
        {
            return;
        }

        var data = new Dictionary<string, object?>
        {
            ["task_id"] = task.Id,
            ["app"] = task.AppName,
            ["op_type"] = task.Type,
            ["status"] = task.Status,
            ["version"] = task.Version,
        };
        if (task.Type == OpType.Rollback)
        {
            data["rolls_back_task_id"] = task.RollsBackTaskId;
        }

        await NotificationOutbox.EnqueueAsync(db, task.UserId, notificationEvent, data, now, cancellationToken);
    }
}
