using System.Text.Json.Nodes;
using Market.Application.Common.Interfaces;
using Market.Domain.Apps;
using Market.Domain.Tasks;

namespace Market.Application.Common.Events;

/// <summary>
/// The task points pushed to the owning user (<c>market_system_point</c>): <c>task_execute</c> when a
/// task starts, <c>task_finished_succeed|failed|canceled</c> when it ends with <c>task_status</c>
/// <c>succeed|failed|canceled</c>, the original's words (the web app ignores them; scripts, dashboards and
/// Olares' relay of <c>os.market.&lt;user&gt;</c> use them).
/// </summary>
public sealed class TaskEventPublisher(IMarketEventBus events, TimeProvider clock)
{
    public const string Execute = "task_execute";

    private static string FinishedPoint(AppTaskStatus status) => "task_finished_" + WireStatus(status);

    /// <summary>The original says <c>succeed</c> for a completed task.</summary>
    private static string WireStatus(AppTaskStatus status) => status == AppTaskStatus.Completed ? "succeed" : status.ToWire();

    public ValueTask ExecuteAsync(AppTask task, CancellationToken cancellationToken) => PublishAsync(task, Execute, cancellationToken);

    public ValueTask FinishedAsync(AppTask task, CancellationToken cancellationToken) => PublishAsync(task, FinishedPoint(task.Status), cancellationToken);

    private ValueTask PublishAsync(AppTask task, string point, CancellationToken cancellationToken)
    {
        var extensions = new JsonObject
        {
            ["task_id"] = task.Id,
            ["task_type"] = task.Type.ToWire(),
            ["op_type"] = task.Type.ToWire(),
            ["app_name"] = task.AppName,
            ["version"] = task.Version,
            ["source"] = task.SourceId,
        };
        if (task.Status.IsFinal())
        {
            extensions["task_status"] = WireStatus(task.Status);
            if (!string.IsNullOrEmpty(task.Error))
            {
                extensions["error"] = task.Error;
            }
        }

        var payload = new JsonObject
        {
            ["timestamp"] = clock.GetUtcNow().ToUnixTimeSeconds(),
            ["user"] = task.UserId,
            ["notify_type"] = MarketEvent.MarketSystemPoint,
            ["point"] = point,
            ["extensions"] = extensions,
        };
        return events.PublishAsync(new MarketEvent(task.UserId, MarketEvent.MarketSystemPoint, payload), cancellationToken);
    }
}
