using Market.Domain.Common;

namespace Market.Domain.Tasks;

/// <summary>A task's status. The final three are the operation's real outcome. (Not <c>System.Threading.Tasks.TaskStatus</c>.)</summary>
public enum AppTaskStatus
{
    Pending,
    Running,
    Completed,
    Failed,
    Canceled,
}

/// <summary>The wire and storage names of <see cref="AppTaskStatus"/> (today's exact strings) and its two questions.</summary>
public static class TaskStatuses
{
    public static readonly WireTable<AppTaskStatus> Wire = new(ToWire);

    public static string ToWire(this AppTaskStatus status) => status switch
    {
        AppTaskStatus.Pending => "pending",
        AppTaskStatus.Running => "running",
        AppTaskStatus.Completed => "completed",
        AppTaskStatus.Failed => "failed",
        AppTaskStatus.Canceled => "canceled",
    };

    public static bool IsActive(this AppTaskStatus status) => status switch
    {
        AppTaskStatus.Pending or AppTaskStatus.Running => true,
        AppTaskStatus.Completed or AppTaskStatus.Failed or AppTaskStatus.Canceled => false,
    };

    public static bool IsFinal(this AppTaskStatus status) => !status.IsActive();
}
