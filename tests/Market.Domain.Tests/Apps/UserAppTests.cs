using Market.Domain.Apps;
using Market.Domain.Common;
using Market.Domain.Tasks;
using static Market.Domain.Tests.Apps.DomainTestKit;

namespace Market.Domain.Tests.Apps;

public sealed class UserAppTests
{
    [Test]
    public void Install_starts_pending_and_follows_the_runtime_to_running_with_the_installed_version()
    {
        var app = NewApp();
        var task = app.BeginInstall(Listing("1.2.0"), Draft());
        Assert.That((app.State, app.OpType, app.SourceId, app.AppId, app.Title), Is.EqualTo((AppStates.Pending, OpType.Install, "upload", "a1b2c3d4", "Firefox")));
        Assert.That((task.Type, task.AppName, task.Version, task.Status), Is.EqualTo((OpType.Install, "firefox", "1.2.0", AppTaskStatus.Pending)));

        Assert.That(app.ApplyState(AppStateChange.Polled(OpType.Install, new RuntimeReport(AppStates.Downloading, "25")), T0.AddSeconds(1)), Is.True);
        Assert.That(app.Progress, Is.EqualTo("25"));
        Assert.That(app.ApplyState(AppStateChange.Polled(OpType.Install, new RuntimeReport(AppStates.Downloading, "25")), T0.AddSeconds(2)), Is.False, "same report");
        task.Start(T0);
        task.Finish(app, new RuntimeReport(AppStates.Running), OperationOutcome.Completed, T0.AddSeconds(3));

        Assert.That((app.State, app.InstalledVersion, app.Progress, task.Status), Is.EqualTo((AppStates.Running, "1.2.0", string.Empty, AppTaskStatus.Completed)));
        Assert.That(app.StateTime, Is.EqualTo(T0.AddSeconds(3)));
        Assert.That(app.Entrances.Single().State, Is.EqualTo(AppEntrance.Running), "entrances follow their app");
    }

    [Test]
    public void A_stale_report_does_not_move_the_app_back()
    {
        var app = NewApp();
        app.BeginInstall(Listing(), Draft());
        app.ApplyState(AppStateChange.Polled(OpType.Install, new RuntimeReport(AppStates.Installing)), T0);
        var version = app.RowVersion;

        Assert.That(app.ApplyState(AppStateChange.Polled(OpType.Install, new RuntimeReport(AppStates.Downloading, "50")), T0.AddSeconds(1)), Is.False);
        Assert.That((app.State, app.RowVersion), Is.EqualTo((AppStates.Installing, version)));
    }

    [Test]
    public void A_second_install_of_a_running_app_is_a_conflict()
    {
        var app = Running();

        var error = Assert.Throws<DomainException>(() => app.BeginInstall(Listing(), Draft()))!;
        Assert.That(error.Kind, Is.EqualTo(DomainErrorKind.Conflict));
        Assert.That(error.Message, Is.EqualTo("App firefox is already installed"));
    }

    [Test]
    public void Upgrade_keeps_the_old_version_until_it_completes()
    {
        var app = Running("1.0.0");
        var task = app.BeginUpgrade(Listing("2.0.0", title: "Firefox 2"), Draft());
        app.ApplyState(AppStateChange.Polled(OpType.Upgrade, new RuntimeReport(AppStates.Upgrading, "50")), T0);
        Assert.That((app.InstalledVersion, app.Title), Is.EqualTo(("1.0.0", "Firefox 2")));

        Succeed(task, app);
        Assert.That((app.State, app.InstalledVersion), Is.EqualTo((AppStates.Running, "2.0.0")));
    }

    [Test]
    public void A_clone_keeps_its_own_title_and_entrance_titles_across_an_upgrade()
    {
        var original = Running();
        var identity = CloneIdentity.Of("upload", "firefox", "Work", [], [new CloneEntrance("web", "Work web")]);
        var clone = NewApp(identity.AppName, "firefox");
        var entrances = AppEntrance.ForApp(OneEntrance, identity.AppName, "alice.olares.local", [new CloneEntrance("web", "Work web")]);
        Succeed(clone.BeginClone(identity, original, "Work", entrances, Draft()), clone);
        Assert.That((clone.IsClone, clone.Title, clone.AppId, clone.InstalledVersion), Is.EqualTo((true, "Work", identity.AppId, "1.0.0")));

        clone.BeginUpgrade(Listing("2.0.0", title: "Firefox 2"), Draft());
        Assert.That((clone.Title, clone.Entrances.Single().Title, clone.AppId), Is.EqualTo(("Work", "Work web", identity.AppId)));
    }

    [Test]
    public void Only_an_installed_original_can_be_cloned()
    {
        var error = Assert.Throws<DomainException>(() => UserApp.EnsureClonable(null, "firefox", "upload"))!;
        Assert.That((error.Kind, error.Message), Is.EqualTo((DomainErrorKind.NotFound, "Original app firefox is not installed in source upload")));
        Assert.DoesNotThrow(() => UserApp.EnsureClonable(Running(), "firefox", "upload"));
    }

    [Test]
    public void A_refused_upgrade_puts_the_app_back_with_the_reason()
    {
        var app = Running("1.0.0");
        var task = app.BeginUpgrade(Listing("2.0.0"), Draft());

        task.Reject(app, "missing env", new FailureEvidence(Message: "missing env"), "{\"code\":422}", null, T0);

        Assert.That((app.State, app.Reason, app.InstalledVersion), Is.EqualTo((AppStates.Running, "missing env", "1.0.0")));
        Assert.That((task.Status, task.Error, task.BackendResponseJson), Is.EqualTo((AppTaskStatus.Failed, "missing env", "{\"code\":422}")));
    }

    [Test]
    public void A_refused_install_ends_in_install_failed()
    {
        var app = NewApp();
        var task = app.BeginInstall(Listing(), Draft());

        task.Reject(app, "appservice: install code=422: missing", new FailureEvidence(Message: "missing", HttpStatus: 422), null, null, T0);

        Assert.That((app.State, app.Reason), Is.EqualTo((AppStates.InstallFailed, "appservice: install code=422: missing")));
    }

    [Test]
    public void A_failure_during_install_shows_install_failed_and_why()
    {
        var app = NewApp();
        var task = app.BeginInstall(Listing(), Draft());
        app.ApplyState(AppStateChange.Polled(OpType.Install, new RuntimeReport(AppStates.Installing)), T0);

        task.Finish(app, new RuntimeReport(AppStates.InstallFailed, Reason: "image pull failed"), OperationOutcome.Failed, T0);

        Assert.That((app.State, app.Reason, app.InstalledVersion), Is.EqualTo((AppStates.InstallFailed, "image pull failed", string.Empty)));
        Assert.That(task.Error, Is.EqualTo("install failed: image pull failed"));
    }

    [Test]
    public void Cancel_moves_to_the_canceling_state_of_the_current_stage_and_a_refusal_to_cancel_failed()
    {
        var app = NewApp();
        var install = app.BeginInstall(Listing(), Draft());
        app.ApplyState(AppStateChange.Polled(OpType.Install, new RuntimeReport(AppStates.Downloading, "50")), T0);

        var target = AppTask.CheckActive([install], OpType.Cancel, "firefox");
        var cancel = app.BeginCancel(Draft(cancelTarget: target));
        Assert.That((app.State, app.OpType, target), Is.EqualTo((AppStates.DownloadingCanceling, OpType.Cancel, install)));

        cancel.Finish(app, new RuntimeReport(AppStates.DownloadingCanceling, Reason: "too late"), OperationOutcome.Failed, T0);
        Assert.That(app.State, Is.EqualTo(AppStates.DownloadingCancelFailed));
        Assert.That(app.ApplyState(AppStateChange.Polled(OpType.Install, new RuntimeReport(AppStates.Installing)), T0), Is.True, "the install carries on");
    }

    [Test]
    public void A_successful_cancel_ends_the_install_it_canceled()
    {
        var app = NewApp();
        var install = app.BeginInstall(Listing(), Draft());
        var cancel = app.BeginCancel(Draft(cancelTarget: install));

        install.CanceledBy(cancel, T0);

        Assert.That((install.Status, install.Error), Is.EqualTo((AppTaskStatus.Canceled, "canceled by the user")));
    }

    [Test]
    public void Cancel_without_an_install_in_progress_is_a_conflict()
    {
        var app = Running("1.0.0");
        var error = Assert.Throws<DomainException>(() => AppTask.CheckActive([], OpType.Cancel, "firefox"))!;
        Assert.That(error.Message, Is.EqualTo("No installation of app firefox is in progress"));
        Assert.That(Assert.Throws<DomainException>(() => app.BeginCancel(Draft()))!.Message, Is.EqualTo("No installation of app firefox is in progress"));
    }

    [Test]
    public void One_operation_at_a_time()
    {
        var app = NewApp();
        var install = app.BeginInstall(Listing(), Draft());

        var busy = Assert.Throws<DomainException>(() => AppTask.CheckActive([install], OpType.Upgrade, "firefox"))!;
        Assert.That((busy.Kind, busy.Message), Is.EqualTo((DomainErrorKind.Conflict, "Another operation on app firefox is already in progress")));
        Assert.That(AppTask.CheckActive([], OpType.Install, "firefox"), Is.Null);
    }

    [Test]
    public void Uninstall_removes_only_the_installed_version()
    {
        var app = Running("1.0.0");

        var wrong = Assert.Throws<DomainException>(() => app.BeginUninstall("0.9.0", Draft()))!;
        Assert.That(wrong.Kind, Is.EqualTo(DomainErrorKind.NotFound));
        Assert.That(wrong.Message, Is.EqualTo("App firefox version 0.9.0 is not installed"));

        Succeed(app.BeginUninstall("1.0.0", Draft()), app);
        Assert.That((app.State, app.InstalledVersion, app.IsInstalled), Is.EqualTo((AppStates.Uninstalled, string.Empty, false)));
        Assert.That(app.Entrances.Single().State, Is.EqualTo(AppEntrance.Stopped));
        Assert.Throws<DomainException>(() => app.EnsureInstalledVersion("1.0.0"));
        Assert.DoesNotThrow(() => app.BeginInstall(Listing(), Draft()), "an uninstalled app can be installed again");
    }

    [Test]
    public void Stop_and_resume_round_trip()
    {
        var app = Running("1.0.0");
        var stop = app.BeginStop(Draft());
        Assert.That(app.State, Is.EqualTo(AppStates.Stopping));
        Succeed(stop, app);
        Assert.That(app.State, Is.EqualTo(AppStates.Stopped));
        Assert.Throws<DomainException>(() => app.BeginStop(Draft()));

        var resume = app.BeginResume(Draft());
        Assert.That(app.State, Is.EqualTo(AppStates.Resuming));
        Succeed(resume, app);
        Assert.That((app.State, app.InstalledVersion), Is.EqualTo((AppStates.Running, "1.0.0")));
    }

    [Test]
    public void Every_change_bumps_the_concurrency_stamp()
    {
        var app = NewApp();
        var before = app.RowVersion;
        app.BeginInstall(Listing(), Draft());
        Assert.That(app.RowVersion, Is.GreaterThan(before));
        before = app.RowVersion;
        Assert.That(app.ApplyState(AppStateChange.Polled(OpType.Install, new RuntimeReport(AppStates.Pending, EntranceStates: new Dictionary<string, string> { ["web"] = "running" })), T0), Is.True);
        Assert.That(app.RowVersion, Is.GreaterThan(before));
        Assert.That(app.Entrances.Single().State, Is.EqualTo("running"), "the runtime's own entrance report wins");
        Assert.That(app.ApplyState(AppStateChange.Polled(OpType.Install, new RuntimeReport(AppStates.Pending, EntranceStates: new Dictionary<string, string> { ["web"] = "running" })), T0), Is.False);
    }

    [Test]
    public void Clones_know_they_are_clones()
    {
        Assert.That(UserApp.Create("alice", "firefoxab12cd", "firefox", T0).IsClone, Is.True);
        Assert.That(NewApp().IsClone, Is.False);
    }
}
