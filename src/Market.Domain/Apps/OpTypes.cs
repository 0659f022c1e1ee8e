namespace Market.Domain.Apps;

/// <summary>Operation types as the wire and app-service spell them (<c>opType</c>, <c>task_type</c>).</summary>
public static class OpTypes
{
    public const string Install = "install";
    public const string Clone = "clone";
    public const string Upgrade = "upgrade";
    public const string Uninstall = "uninstall";
    public const string Cancel = "cancel";
    public const string Stop = "stop";
    public const string Resume = "resume";

    /// <summary>Back to the version an upgrade replaced: through the runtime, an upgrade to that version (<see cref="UserApp.BeginRollback"/>).</summary>
    public const string Rollback = "rollback";

    /// <summary>A request, not a task type: a restart runs as a stop followed by a resume (<see cref="UserApp.BeginRestart"/>).</summary>
    public const string Restart = "restart";

    /// <summary>Operations that bring an app into existence (their failures end in <c>installFailed</c>).</summary>
    public static bool CreatesApp(string opType) => opType is Install or Clone;
}
