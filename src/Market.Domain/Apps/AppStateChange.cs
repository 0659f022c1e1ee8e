namespace Market.Domain.Apps;

/// <summary>Who saw an app's new state; <see cref="AppStateMachine.Admits"/> decides by it which state may win.</summary>
public enum AppStateSource
{
    /// <summary>Market's task follower polled the operation it follows.</summary>
    Follower,

    /// <summary>app-service announced the state over NATS (ordered by its <c>createTime</c>).</summary>
    Announcement,

    /// <summary>The reconcile found app-service's current list differing from ours.</summary>
    Reconcile,
}

/// <summary>
/// One app-state change as it enters <see cref="UserApp.ApplyState"/>, the one intake of every state the
/// runtime reports. <see cref="OpType"/> null (or one this version does not know) keeps the app's; <see cref="CreateTime"/> orders announcements.
/// </summary>
public sealed record AppStateChange(AppStateSource Source, OpType? OpType, RuntimeReport Report, DateTime? CreateTime = null)
{
    /// <summary>The follower's poll of the running <paramref name="opType"/>.</summary>
    public static AppStateChange Polled(OpType opType, RuntimeReport report) => new(AppStateSource.Follower, opType, report);

    /// <summary>app-service's announcement made at <paramref name="createTime"/>.</summary>
    public static AppStateChange Announced(DateTime createTime, OpType? opType, RuntimeReport report) =>
        new(AppStateSource.Announcement, opType, report, createTime);

    /// <summary>app-service's current list says <paramref name="report"/>; our op type, progress and reasons stay.</summary>
    public static AppStateChange Reconciled(RuntimeReport report) => new(AppStateSource.Reconcile, null, report);
}
