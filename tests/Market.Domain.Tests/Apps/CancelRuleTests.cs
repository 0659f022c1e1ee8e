using Market.Domain.Apps;
using Market.Domain.Common;
using Market.Domain.Tasks;
using static Market.Domain.Tests.Apps.DomainTestKit;

namespace Market.Domain.Tests.Apps;

/// <summary>The cancel rule (olares-current §3): decided from the app's state; upgrades and resumes settle stopped or at their …CancelFailed.</summary>
public sealed class CancelRuleTests
{
    [TestCase(AppStates.Pending, true)]
    [TestCase(AppStates.Downloading, true)]
    [TestCase(AppStates.Installing, true)]
    [TestCase(AppStates.Initializing, true)]
    [TestCase(AppStates.ApplyingEnv, true)]
    [TestCase(AppStates.Resuming, true)]
    [TestCase(AppStates.Upgrading, true)]
    [TestCase(AppStates.Running, false)]
    [TestCase(AppStates.Stopped, false)]
    [TestCase(AppStates.Stopping, false)]
    [TestCase(AppStates.Uninstalling, false)]
    [TestCase(AppStates.UpgradingCanceling, false)]
    [TestCase(AppStates.ResumingCanceling, false)]
    [TestCase(AppStates.UpgradingCancelFailed, false)]
    [TestCase(AppStates.ResumingCancelFailed, false)]
    public void Cancellability_is_decided_from_the_state(string state, bool cancelable)
    {
        Assert.That(AppStateMachine.IsCancelable(state), Is.EqualTo(cancelable));
        Assert.That(AppStateMachine.CanStart(OpTypes.Cancel, state), Is.EqualTo(cancelable));
    }

    [TestCase(OpTypes.Upgrade, AppStates.Pending, AppStates.UpgradingCanceling)]
    [TestCase(OpTypes.Upgrade, AppStates.Upgrading, AppStates.UpgradingCanceling)]
    [TestCase(OpTypes.Upgrade, AppStates.Initializing, AppStates.UpgradingCanceling)]
    [TestCase(OpTypes.Resume, AppStates.Resuming, AppStates.ResumingCanceling)]
    [TestCase(OpTypes.Install, AppStates.Pending, AppStates.PendingCanceling)]
    [TestCase(OpTypes.Clone, AppStates.Initializing, AppStates.InitializingCanceling)]
    public void The_canceling_state_follows_the_operation_canceled(string op, string state, string canceling) =>
        Assert.That(AppStateMachine.CancelingStateOf(op, state), Is.EqualTo(canceling));

    [TestCase(OpTypes.Uninstall, AppStates.Uninstalling)]
    [TestCase(OpTypes.Stop, AppStates.Stopping)]
    [TestCase(OpTypes.Upgrade, AppStates.Running)]
    [TestCase(OpTypes.Resume, AppStates.Stopped)]
    public void Uninstall_stop_and_settled_operations_cannot_be_canceled(string op, string state) =>
        Assert.That(AppStateMachine.CancelingStateOf(op, state), Is.Null);

    [Test]
    public void Canceled_upgrades_and_resumes_settle_stopped_and_refused_ones_at_their_cancel_failed_state()
    {
        Assert.That(AppStateMachine.CanceledStateOf(OpTypes.Upgrade, AppStates.UpgradingCanceling), Is.EqualTo(AppStates.Stopped));
        Assert.That(AppStateMachine.CanceledReasonOf(OpTypes.Upgrade), Is.EqualTo("upgradeCancelByUser"));
        Assert.That(AppStateMachine.CanceledStateOf(OpTypes.Resume, AppStates.ResumingCanceling), Is.EqualTo(AppStates.Stopped));
        Assert.That(AppStateMachine.CanceledStateOf(OpTypes.Install, AppStates.InitializingCanceling), Is.EqualTo(AppStates.InstallingCanceled));
        Assert.That(AppStateMachine.CancelFailedStateOf(AppStates.UpgradingCanceling), Is.EqualTo(AppStates.UpgradingCancelFailed));
        Assert.That(AppStateMachine.CancelFailedStateOf(AppStates.ResumingCanceling), Is.EqualTo(AppStates.ResumingCancelFailed));
        Assert.That(AppStateMachine.RefusedCancelEnds(OpTypes.Upgrade) && AppStateMachine.RefusedCancelEnds(OpTypes.Resume), Is.True);
        Assert.That(AppStateMachine.RefusedCancelEnds(OpTypes.Install), Is.False, "an install goes on when its cancel is refused");
    }

    [TestCase(OpTypes.Cancel, AppStates.Stopped, OperationOutcome.Completed)]
    [TestCase(OpTypes.Cancel, AppStates.UpgradingCancelFailed, OperationOutcome.Failed)]
    [TestCase(OpTypes.Cancel, AppStates.ResumingCancelFailed, OperationOutcome.Failed)]
    [TestCase(OpTypes.Cancel, AppStates.UpgradingCanceling, OperationOutcome.InProgress)]
    [TestCase(OpTypes.Cancel, AppStates.UpgradeFailed, OperationOutcome.Failed)]
    [TestCase(OpTypes.Upgrade, AppStates.Stopped, OperationOutcome.Canceled)]
    [TestCase(OpTypes.Upgrade, AppStates.UpgradingCancelFailed, OperationOutcome.Failed)]
    [TestCase(OpTypes.Resume, AppStates.Stopped, OperationOutcome.Canceled)]
    [TestCase(OpTypes.Resume, AppStates.ResumingCancelFailed, OperationOutcome.Failed)]
    [TestCase(OpTypes.Install, AppStates.InstallingCancelFailed, OperationOutcome.InProgress)]
    public void The_end_of_a_cancel_and_of_what_it_canceled(string op, string state, OperationOutcome outcome) =>
        Assert.That(AppStateMachine.OutcomeOf(op, state), Is.EqualTo(outcome));

    [TestCase(OpTypes.Cancel, AppStates.UpgradingCanceling, AppStates.Stopped, true)]
    [TestCase(OpTypes.Cancel, AppStates.UpgradingCanceling, AppStates.UpgradingCancelFailed, true)]
    [TestCase(OpTypes.Cancel, AppStates.ResumingCanceling, AppStates.Stopped, true)]
    [TestCase(OpTypes.Cancel, AppStates.PendingCanceling, AppStates.Stopped, false)]
    [TestCase(OpTypes.Upgrade, AppStates.Initializing, AppStates.UpgradingCanceling, true)]
    [TestCase(OpTypes.Upgrade, AppStates.UpgradingCanceling, AppStates.Running, true)]
    [TestCase(OpTypes.Upgrade, AppStates.Upgrading, AppStates.Stopped, false)]
    [TestCase(OpTypes.Upgrade, AppStates.UpgradingCancelFailed, AppStates.Upgrading, false)]
    [TestCase(OpTypes.Resume, AppStates.ResumingCancelFailed, AppStates.Running, false)]
    public void A_follower_may_move_through_a_cancel_only_forward(string op, string from, string to, bool legal) =>
        Assert.That(AppStateMachine.IsLegal(op, from, to), Is.EqualTo(legal));

    [Test]
    public void A_canceled_upgrade_leaves_the_app_stopped_on_the_previous_version()
    {
        var app = Running("1.0.0");
        var upgrade = app.BeginUpgrade(Listing("2.0.0"), Draft());
        app.ApplyState(AppStateChange.Polled(OpTypes.Upgrade, new RuntimeReport(AppStates.Upgrading, "50")), T0);

        var cancel = app.BeginCancel(Draft(cancelTarget: AppTask.CheckActive([upgrade], OpTypes.Cancel, "firefox")));
        Assert.That((app.State, app.OpType, cancel.CancelsTaskId), Is.EqualTo((AppStates.UpgradingCanceling, OpTypes.Cancel, upgrade.Id)));

        cancel.Start(T0);
        cancel.Finish(app, new RuntimeReport(AppStates.Stopped, Reason: AppStateMachine.UpgradeCanceledByUser), OperationOutcome.Completed, T0.AddSeconds(1));
        upgrade.CanceledBy(cancel, T0.AddSeconds(1));

        Assert.That((app.State, app.Reason, app.InstalledVersion, app.OpType), Is.EqualTo((AppStates.Stopped, "upgradeCancelByUser", "1.0.0", OpTypes.Cancel)));
        Assert.That((cancel.Status, upgrade.Status), Is.EqualTo((TaskStatuses.Completed, TaskStatuses.Canceled)));
        Assert.That(AppStateMachine.CanStart(OpTypes.Resume, app.State), Is.True, "a canceled upgrade can be resumed");
    }

    [Test]
    public void A_refused_upgrade_cancel_settles_at_upgrading_cancel_failed_and_the_app_can_be_upgraded_again()
    {
        var app = Running("1.0.0");
        var upgrade = app.BeginUpgrade(Listing("2.0.0"), Draft());
        var cancel = app.BeginCancel(Draft(cancelTarget: AppTask.CheckActive([upgrade], OpTypes.Cancel, "firefox")));

        cancel.Reject(app, "appservice: cancel code=400: too late", new FailureEvidence(HttpStatus: 400, Message: "too late"), null, null, T0);
        Assert.That(app.State, Is.EqualTo(AppStates.UpgradingCancelFailed));
        upgrade.Start(T0);
        upgrade.Finish(app, new RuntimeReport(AppStates.UpgradingCancelFailed, Reason: "rollback failed"), OperationOutcome.Failed, T0.AddSeconds(1));

        Assert.That((app.State, app.InstalledVersion, upgrade.Status), Is.EqualTo((AppStates.UpgradingCancelFailed, "1.0.0", TaskStatuses.Failed)));
        Assert.That(app.ApplyState(AppStateChange.Polled(OpTypes.Upgrade, new RuntimeReport(AppStates.Running)), T0.AddSeconds(2)), Is.False, "settled");
        Assert.That(AppStateMachine.CanStart(OpTypes.Upgrade, app.State) && AppStateMachine.CanStart(OpTypes.Uninstall, app.State), Is.True);
    }

    [Test]
    public void A_canceled_resume_is_stopped_again()
    {
        var app = Running("1.0.0");
        Succeed(app.BeginStop(Draft()), app);
        var resume = app.BeginResume(Draft());

        var cancel = app.BeginCancel(Draft(cancelTarget: AppTask.CheckActive([resume], OpTypes.Cancel, "firefox")));
        Assert.That(app.State, Is.EqualTo(AppStates.ResumingCanceling));
        cancel.Start(T0);
        cancel.Finish(app, new RuntimeReport(AppStates.Stopped), OperationOutcome.Completed, T0.AddSeconds(1));

        Assert.That((app.State, app.OpType), Is.EqualTo((AppStates.Stopped, OpTypes.Cancel)));
    }

    [Test]
    public void Nothing_to_cancel_once_the_operation_settled_or_for_a_stop()
    {
        var app = Running("1.0.0");
        var stop = app.BeginStop(Draft());
        Assert.Throws<DomainException>(() => AppTask.CheckActive([stop], OpTypes.Cancel, "firefox"));

        var settled = Running("1.0.0");
        var upgrade = settled.BeginUpgrade(Listing("2.0.0"), Draft());
        Succeed(upgrade, settled);
        var error = Assert.Throws<DomainException>(() => settled.BeginCancel(Draft(cancelTarget: upgrade)))!;
        Assert.That(error.Message, Is.EqualTo("No installation of app firefox is in progress"));
    }
}
