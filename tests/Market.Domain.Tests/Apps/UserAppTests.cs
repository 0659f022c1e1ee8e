using Market.Domain.Apps;
using Market.Domain.Common;

namespace Market.Domain.Tests.Apps;

public sealed class UserAppTests
{
    private static readonly DateTime T0 = new(2026, 5, 15, 6, 36, 6, DateTimeKind.Utc);

    private static UserApp NewApp() => UserApp.Create("alice", "upload", "firefox", "firefox", "a1b2c3d4", T0);

    [Test]
    public void Install_starts_pending_and_follows_the_runtime_to_running_with_the_installed_version()
    {
        var app = NewApp();
        app.BeginOperation(OpTypes.Install, T0);
        Assert.That((app.State, app.OpType), Is.EqualTo((AppStates.Pending, OpTypes.Install)));

        Assert.That(app.ApplyRuntimeState(OpTypes.Install, AppStates.Downloading, "25", null, null, T0.AddSeconds(1)), Is.True);
        Assert.That(app.Progress, Is.EqualTo("25"));
        Assert.That(app.ApplyRuntimeState(OpTypes.Install, AppStates.Downloading, "25", null, null, T0.AddSeconds(2)), Is.False, "same report");
        Assert.That(app.ApplyRuntimeState(OpTypes.Install, AppStates.Running, null, null, null, T0.AddSeconds(3)), Is.True);
        app.CompleteOperation(OpTypes.Install, "1.2.0", T0.AddSeconds(3));

        Assert.That((app.State, app.InstalledVersion, app.Progress), Is.EqualTo((AppStates.Running, "1.2.0", string.Empty)));
        Assert.That(app.StateTime, Is.EqualTo(T0.AddSeconds(3)));
    }

    [Test]
    public void A_stale_report_does_not_move_the_app_back()
    {
        var app = NewApp();
        app.BeginOperation(OpTypes.Install, T0);
        app.ApplyRuntimeState(OpTypes.Install, AppStates.Installing, null, null, null, T0);
        var version = app.RowVersion;

        Assert.That(app.ApplyRuntimeState(OpTypes.Install, AppStates.Downloading, "50", null, null, T0.AddSeconds(1)), Is.False);
        Assert.That((app.State, app.RowVersion), Is.EqualTo((AppStates.Installing, version)));
    }

    [Test]
    public void A_second_install_of_a_running_app_is_a_conflict()
    {
        var app = NewApp();
        app.BeginOperation(OpTypes.Install, T0);
        app.CompleteOperation(OpTypes.Install, "1.0.0", T0);

        var error = Assert.Throws<DomainException>(() => app.BeginOperation(OpTypes.Install, T0))!;
        Assert.That(error.Kind, Is.EqualTo(DomainErrorKind.Conflict));
        Assert.That(error.Message, Is.EqualTo("App firefox is already installed"));
    }

    [Test]
    public void Upgrade_keeps_the_old_version_until_it_completes()
    {
        var app = Running("1.0.0");
        app.BeginOperation(OpTypes.Upgrade, T0);
        app.ApplyRuntimeState(OpTypes.Upgrade, AppStates.Upgrading, "50", null, null, T0);
        Assert.That(app.InstalledVersion, Is.EqualTo("1.0.0"));

        app.CompleteOperation(OpTypes.Upgrade, "2.0.0", T0);
        Assert.That((app.State, app.InstalledVersion), Is.EqualTo((AppStates.Running, "2.0.0")));
    }

    [Test]
    public void A_refused_upgrade_puts_the_app_back_with_the_reason()
    {
        var app = Running("1.0.0");
        app.BeginOperation(OpTypes.Upgrade, T0);

        app.RejectOperation(OpTypes.Upgrade, AppStates.Running, "missing env", T0);

        Assert.That((app.State, app.Reason, app.InstalledVersion), Is.EqualTo((AppStates.Running, "missing env", "1.0.0")));
    }

    [Test]
    public void A_refused_install_ends_in_install_failed()
    {
        var app = NewApp();
        app.BeginOperation(OpTypes.Install, T0);

        app.RejectOperation(OpTypes.Install, string.Empty, "appservice: install code=422: missing", T0);

        Assert.That((app.State, app.Reason), Is.EqualTo((AppStates.InstallFailed, "appservice: install code=422: missing")));
    }

    [Test]
    public void A_failure_during_install_shows_install_failed_and_why()
    {
        var app = NewApp();
        app.BeginOperation(OpTypes.Install, T0);
        app.ApplyRuntimeState(OpTypes.Install, AppStates.Installing, null, null, null, T0);

        app.FailOperation(OpTypes.Install, "image pull failed", T0);

        Assert.That((app.State, app.Reason, app.InstalledVersion), Is.EqualTo((AppStates.InstallFailed, "image pull failed", string.Empty)));
    }

    [Test]
    public void Cancel_moves_to_the_canceling_state_of_the_current_stage_and_a_refusal_to_cancel_failed()
    {
        var app = NewApp();
        app.BeginOperation(OpTypes.Install, T0);
        app.ApplyRuntimeState(OpTypes.Install, AppStates.Downloading, "50", null, null, T0);

        app.BeginOperation(OpTypes.Cancel, T0);
        Assert.That((app.State, app.OpType), Is.EqualTo((AppStates.DownloadingCanceling, OpTypes.Cancel)));

        app.FailOperation(OpTypes.Cancel, "too late", T0);
        Assert.That(app.State, Is.EqualTo(AppStates.DownloadingCancelFailed));
        Assert.That(app.ApplyRuntimeState(OpTypes.Install, AppStates.Installing, null, null, null, T0), Is.True, "the install carries on");
    }

    [Test]
    public void Cancel_without_an_install_in_progress_is_a_conflict()
    {
        var app = Running("1.0.0");
        var error = Assert.Throws<DomainException>(() => app.BeginOperation(OpTypes.Cancel, T0))!;
        Assert.That(error.Message, Is.EqualTo("No installation of app firefox is in progress"));
    }

    [Test]
    public void Uninstall_removes_only_the_installed_version()
    {
        var app = Running("1.0.0");

        var wrong = Assert.Throws<DomainException>(() => app.EnsureInstalledVersion("0.9.0"))!;
        Assert.That(wrong.Kind, Is.EqualTo(DomainErrorKind.NotFound));
        Assert.That(wrong.Message, Is.EqualTo("App firefox version 0.9.0 is not installed"));
        Assert.DoesNotThrow(() => app.EnsureInstalledVersion("1.0.0"));

        app.BeginOperation(OpTypes.Uninstall, T0);
        app.CompleteOperation(OpTypes.Uninstall, "1.0.0", T0);
        Assert.That((app.State, app.InstalledVersion), Is.EqualTo((AppStates.Uninstalled, string.Empty)));
        Assert.Throws<DomainException>(() => app.EnsureInstalledVersion("1.0.0"));
        Assert.DoesNotThrow(() => app.BeginOperation(OpTypes.Install, T0), "an uninstalled app can be installed again");
    }

    [Test]
    public void Stop_and_resume_round_trip()
    {
        var app = Running("1.0.0");
        app.BeginOperation(OpTypes.Stop, T0);
        Assert.That(app.State, Is.EqualTo(AppStates.Stopping));
        app.CompleteOperation(OpTypes.Stop, "1.0.0", T0);
        Assert.That(app.State, Is.EqualTo(AppStates.Stopped));
        Assert.Throws<DomainException>(() => app.BeginOperation(OpTypes.Stop, T0));

        app.BeginOperation(OpTypes.Resume, T0);
        Assert.That(app.State, Is.EqualTo(AppStates.Resuming));
        app.CompleteOperation(OpTypes.Resume, "1.0.0", T0);
        Assert.That((app.State, app.InstalledVersion), Is.EqualTo((AppStates.Running, "1.0.0")));
    }

    [Test]
    public void Every_change_bumps_the_concurrency_stamp()
    {
        var app = NewApp();
        var before = app.RowVersion;
        app.BeginOperation(OpTypes.Install, T0);
        Assert.That(app.RowVersion, Is.GreaterThan(before));
        before = app.RowVersion;
        Assert.That(app.UpdateEntrances("[{\"name\":\"web\"}]", T0), Is.True);
        Assert.That(app.RowVersion, Is.GreaterThan(before));
        Assert.That(app.UpdateEntrances("[{\"name\":\"web\"}]", T0), Is.False);
    }

    [Test]
    public void Clones_know_they_are_clones()
    {
        Assert.That(UserApp.Create("alice", "upload", "firefoxab12cd", "firefox", "x", T0).IsClone, Is.True);
        Assert.That(NewApp().IsClone, Is.False);
    }

    private static UserApp Running(string version)
    {
        var app = NewApp();
        app.BeginOperation(OpTypes.Install, T0);
        app.CompleteOperation(OpTypes.Install, version, T0);
        return app;
    }
}
