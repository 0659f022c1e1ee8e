using Market.Domain.Apps;

namespace Market.Domain.Tests.Apps;

/// <summary>app-service's announcements (NATS): the original's createTime rule and the reconcile.</summary>
public sealed class UserAppAnnouncementTests
{
    private static readonly DateTime T0 = new(2026, 5, 15, 6, 36, 6, DateTimeKind.Utc);

    private static UserApp NewApp() => UserApp.Create("alice", "firefox", "firefox", T0);

    [Test]
    public void Only_an_announcement_newer_than_the_last_applied_changes_the_app()
    {
        var app = NewApp();
        Assert.That(app.ApplyState(AppStateChange.Announced(T0.AddSeconds(2), OpType.Install, new RuntimeReport(AppStates.Downloading, "40", null, null, null)), T0), Is.True);

        Assert.That(app.ApplyState(AppStateChange.Announced(T0.AddSeconds(1), OpType.Install, new RuntimeReport(AppStates.Pending, null, null, null, null)), T0), Is.False, "older");
        Assert.That(app.ApplyState(AppStateChange.Announced(T0.AddSeconds(2), OpType.Install, new RuntimeReport(AppStates.Running, null, null, null, null)), T0), Is.False, "same time");
        Assert.That((app.State, app.Progress, app.EventCreateTime), Is.EqualTo((AppStates.Downloading, "40", (DateTime?)T0.AddSeconds(2))));

        Assert.That(app.ApplyState(AppStateChange.Announced(T0.AddSeconds(3), null, new RuntimeReport(AppStates.Installing, null, "slow disk", null, null)), T0), Is.True);
        Assert.That((app.State, app.OpType, app.Progress, app.Reason), Is.EqualTo((AppStates.Installing, OpType.Install, string.Empty, "slow disk")),
            "an empty op type keeps ours");
    }

    [Test]
    public void The_reconcile_takes_app_services_state_without_moving_the_ordering_mark()
    {
        var app = NewApp();
        app.ApplyState(AppStateChange.Announced(T0.AddSeconds(5), OpType.Install, new RuntimeReport(AppStates.Running, null, null, null, null)), T0);

        Assert.That(app.ApplyState(AppStateChange.Reconciled(new RuntimeReport(AppStates.Stopped, null, null, null, null)), T0.AddSeconds(9)), Is.True);
        Assert.That(app.ApplyState(AppStateChange.Reconciled(new RuntimeReport(AppStates.Stopped, null, null, null, null)), T0.AddSeconds(9)), Is.False, "nothing to correct");
        Assert.That((app.State, app.EventCreateTime), Is.EqualTo((AppStates.Stopped, (DateTime?)T0.AddSeconds(5))));
        Assert.That(app.ApplyState(AppStateChange.Announced(T0.AddSeconds(4), OpType.Resume, new RuntimeReport(AppStates.Resuming, null, null, null, null)), T0), Is.False, "still older than the mark");
    }
}
