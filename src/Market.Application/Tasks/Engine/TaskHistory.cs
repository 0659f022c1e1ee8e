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
    private static string TypeOf(OpType taskType) => taskType switch
    {
        OpType.Install or OpType.Clone => HistoryTypes.ActionInstall,
        OpType.Uninstall => HistoryTypes.ActionUninstall,
        OpType.Cancel => HistoryTypes.ActionCancel,
        OpType.Upgrade or OpType.Rollback => HistoryTypes.ActionUpgrade,
        OpType.Stop or OpType.Resume or OpType.Restart => HistoryTypes.Action,
    };

    /// <summary>The original's integer status (1 pending … 5 canceled).</summary>
    private static int StatusNumber(AppTaskStatus status) => status switch
    {
        AppTaskStatus.Pending => 1,
        AppTaskStatus.Running => 2,
        AppTaskStatus.Completed => 3,
        AppTaskStatus.Failed => 4,
        AppTaskStatus.Canceled => 5,
    };

    private static bool IsLogged(OpType taskType) => taskType is not (OpType.Stop or OpType.Resume);

    public static HistoryRecord? Started(AppTask task, DateTime now) => Record(task, now, string.Empty, new JsonObject
    {
        ["source"] = task.SourceId,
        ["version"] = task.Version,
        ["status"] = StatusNumber(task.Status),
        ["created_at"] = new DateTimeOffset(task.CreatedAt, TimeSpan.Zero).ToUnixTimeSeconds(),
    });

    public static HistoryRecord? Finished(AppTask task, DateTime now)
    {
        var extended = new JsonObject
        {
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

        return Record(task, now, " completed", extended);
    }

    /// <summary>One record: <c>extended</c> opens with the task's identity, then what the moment adds (the original's key order).</summary>
    private static HistoryRecord? Record(AppTask task, DateTime now, string suffix, JsonObject details)
    {
        if (!IsLogged(task.Type))
        {
            return null;
        }

        var extended = new JsonObject
        {
            ["task_id"] = task.Id,
            ["task_type"] = task.Type.ToWire(),
            ["app_name"] = task.AppName,
            ["user"] = task.UserId,
        };
        foreach (var (key, value) in details.ToList())
        {
            details.Remove(key);
            extended[key] = value;
        }

        return new HistoryRecord(TypeOf(task.Type), $"{task.Type.ToWire()} {task.AppName}{suffix}", Unix(now), task.AppName, task.UserId, extended.ToJsonString())
        {
            CreatedAt = now,
        };
    }

    private static long Unix(DateTime time) => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)).ToUnixTimeSeconds();
}
