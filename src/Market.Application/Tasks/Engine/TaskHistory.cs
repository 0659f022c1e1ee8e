using System.Text.Json.Nodes;
using Market.Domain.Apps;
using Market.Domain.History;
using Market.Domain.Tasks;

namespace Market.Application.Tasks.Engine;

/// <summary>
/// The history records of an operation's start and end, with the original's types and messages
/// (original-tasks-payment-runtime §1.9). Unlike the original, <c>extended</c> never carries env
/// values or tokens. Stop and resume are not logged (the original does not either).
/// </summary>
public static class TaskHistory
{
    public static string TypeOf(string taskType) => taskType switch
    {
        OpTypes.Install or OpTypes.Clone => HistoryTypes.ActionInstall,
        OpTypes.Uninstall => HistoryTypes.ActionUninstall,
        OpTypes.Cancel => HistoryTypes.ActionCancel,
        OpTypes.Upgrade or OpTypes.Rollback => HistoryTypes.ActionUpgrade,
        _ => HistoryTypes.Action,
    };

    /// <summary>The original's integer status (1 pending … 5 canceled).</summary>
    public static int StatusNumber(string status) => status switch
    {
        TaskStatuses.Pending => 1,
        TaskStatuses.Running => 2,
        TaskStatuses.Completed => 3,
        TaskStatuses.Failed => 4,
        TaskStatuses.Canceled => 5,
        _ => 0,
    };

    public static bool IsLogged(string taskType) => taskType is not (OpTypes.Stop or OpTypes.Resume);

    public static HistoryRecord? Started(AppTask task, DateTime now)
    {
        if (!IsLogged(task.Type))
        {
            return null;
        }

        var extended = new JsonObject
        {
            ["task_id"] = task.Id,
            ["task_type"] = task.Type,
            ["app_name"] = task.AppName,
            ["user"] = task.UserId,
            ["source"] = task.SourceId,
            ["version"] = task.Version,
            ["status"] = StatusNumber(task.Status),
            ["created_at"] = new DateTimeOffset(task.CreatedAt, TimeSpan.Zero).ToUnixTimeSeconds(),
        };
        return new HistoryRecord(TypeOf(task.Type), $"{task.Type} {task.AppName}", Unix(now), task.AppName, task.UserId, extended.ToJsonString())
        {
            CreatedAt = now,
        };
    }

    public static HistoryRecord? Finished(AppTask task, DateTime now)
    {
        if (!IsLogged(task.Type))
        {
            return null;
        }

        var extended = new JsonObject
        {
            ["task_id"] = task.Id,
            ["task_type"] = task.Type,
            ["app_name"] = task.AppName,
            ["user"] = task.UserId,
            ["status"] = StatusNumber(task.Status),
            ["result"] = task.ResultJson ?? string.Empty,
            ["error"] = task.Error,
            ["timestamp"] = Unix(now),
        };
        if (task.Failure is { } failure)
        {
            // The classified cause and its plain summary (secret-free by construction), so history says why.
            extended["cause"] = FailureCauses.Wire(failure.Cause);
            extended["summary"] = failure.Summary;
        }

        return new HistoryRecord(TypeOf(task.Type), $"{task.Type} {task.AppName} completed", Unix(now), task.AppName, task.UserId, extended.ToJsonString())
        {
            CreatedAt = now,
        };
    }

    private static long Unix(DateTime time) => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)).ToUnixTimeSeconds();
}
