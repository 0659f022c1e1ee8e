namespace Market.Domain.Tasks;

/// <summary>Task statuses on the wire and in storage. The final three are the operation's real outcome.</summary>
public static class TaskStatuses
{
    public const string Pending = "pending";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Canceled = "canceled";

    public static readonly IReadOnlyList<string> All = [Pending, Running, Completed, Failed, Canceled];

    public static bool IsActive(string status) => status is Pending or Running;

    public static bool IsFinal(string status) => status is Completed or Failed or Canceled;
}
