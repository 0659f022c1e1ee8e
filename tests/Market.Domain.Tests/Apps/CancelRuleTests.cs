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
        Assert.That(AppStateMachine.CanStart(OpType.Cancel, state), Is.EqualTo(cancelable));
    }

    [TestCase(OpType.Upgrade, AppStates.Pending, AppStates.UpgradingCanceling)]
    [TestCase(OpType.Upgrade, AppStates.Upgrading, AppStates.UpgradingCanceling)]
    [TestCase(OpType.Upgrade, AppStates.Initializing, AppStates.UpgradingCanceling)]
    [TestCase(OpType.Resume, AppStates.Resuming, AppStates.ResumingCanceling)]
    [TestCase(OpType.Install, AppStates.Pending, AppStates.PendingCanceling)]
    [TestCase(OpType.Clone, AppStates.Initializing, AppStates.InitializingCanceling)]
    public void The_canceling_state_follows_the_operation_canceled(OpType op, string state, string canceling) =>
        Assert.That(AppStateMachine.CancelingStateOf(op, state), Is.EqualTo(canceling));

    [TestCase(OpType.Uninstall, AppStates.Uninstalling)]
    [TestCase(OpType.Stop, AppStates.Stopping)]
    [TestCase(OpType.Upgrade, AppStates.Running)]
    [TestCase(OpType.Resume, AppStates.Stopped)]
    public void Uninstall_stop_and_settled_operations_cannot_be_canceled(OpType op, string state) =>
        Assert.That(AppStateMachine.CancelingStateOf(op, state), Is.Null);

    [Test]
    public void Canceled_upgrades_and_resumes_settle_stopped_and_refused_ones_at_their_cancel_failed_state()
    {
        Assert.That(AppStateMachine.CanceledStateOf(OpType.Upgrade, AppStates.UpgradingCanceling), Is.EqualTo(AppStates.Stopped));
        Assert.That(AppStateMachine.CanceledReasonOf(OpType.Upgrade), Is.EqualTo("upgradeCancelByUser"));
        Assert.That(AppStateMachine.CanceledStateOf(OpType.Resume, AppStates.ResumingCanceling), Is.EqualTo(AppStates.Stopped));
        Assert.That(AppStateMachine.CanceledStateOf(OpType.Install, AppStates.InitializingCanceling), Is.EqualTo(AppStates.InstallingCanceled));
        Assert.That(AppStateMachine.CancelFailedStateOf(AppStates.UpgradingCanceling), Is.EqualTo(AppStates.UpgradingCancelFailed));
        Assert.That(AppStateMachine.CancelFailedStateOf(AppStates.ResumingCanceling), Is.EqualTo(AppStates.ResumingCancelFailed));
        Assert.That(AppStateMachine.RefusedCancelEnds(OpType.Upgrade) && AppStateMachine.RefusedCancelEnds(OpType.Resume), Is.True);
        Assert.That(AppStateMachine.RefusedCancelEnds(OpType.Install), Is.False, "an install goes on when its cancel is refused");
    }

    [TestCase(OpType.Cancel, AppStates.Stopped, OperationOutcome.Completed)]
    [TestCase(OpType.Cancel, AppStates.UpgradingCancelFailed, OperationOutcome.Failed)]
    [TestCase(OpType.Cancel, AppStates.ResumingCancelFailed, OperationOutcome.Failed)]
    [TestCase(OpType.Cancel, AppStates.UpgradingCanceling, OperationOutcome.InProgress)]
    [TestCase(OpType.Cancel, AppStates.UpgradeFailed, OperationOutcome.Failed)]
    [TestCase(OpType.Upgrade, AppStates.Stopped, OperationOutcome.Canceled)]
    [TestCase(OpType.Upgrade, AppStates.UpgradingCancelFailed, OperationOutcome.Failed)]
    [TestCase(OpType.Resume, AppStates.Stopped, OperationOutcome.Canceled)]
    [TestCase(OpType.Resume, AppStates.ResumingCancelFailed, OperationOutcome.Failed)]
    [TestCase(OpType.Install, AppStates.InstallingCancelFailed, OperationOutcome.InProgress)]
    public void The_end_of_a_cancel_and_of_what_it_canceled(OpType op, string state, OperationOutcome outcome) =>
        Assert.That(AppStateMachine.OutcomeOf(op, state), Is.EqualTo(outcome));

    [TestCase(OpType.Cancel, AppStates.UpgradingCanceling, AppStates.Stopped, true)]
    [TestCase(OpType.Cancel, AppStates.UpgradingCanceling, AppStates.UpgradingCancelFailed, true)]
    [TestCase(OpType.Cancel, AppStates.ResumingCanceling, AppStates.Stopped, true)]
    [TestCase(OpType.Cancel, AppStates.PendingCanceling, AppStates.Stopped, false)]
    [TestCase(OpType.Upgrade, AppStates.Initializing, AppStates.UpgradingCanceling, true)]
    [TestCase(OpType.Upgrade, AppStates.UpgradingCanceling, AppStates.Running, true)]
    [TestCase(OpType.Upgrade, AppStates.Upgrading, AppStates.Stopped, false)]
    [TestCase(OpType.Upgrade, AppStates.UpgradingCancelFailed, AppStates.Upgrading, false)]
    [TestCase(OpType.Resume, AppStates.ResumingCancelFailed, AppStates.Running, false)]
    public void A_follower_may_move_through_a_cancel_only_forward(OpType op, string from, string to, bool legal) =>
        Assert.That(AppStateMachine.IsLegal(op, from, to), Is.EqualTo(legal));

    [Test]
    public void A_canceled_upgrade_leaves_the_app_stopped_on_the_previous_version()
    {
        var app = Running("1.0.0");
        var upgrade = app.BeginUpgrade(Listing("2.0.0"), Draft());
        app.ApplyState(AppStateChange.Polled(OpType.Upgrade, new RuntimeReport(AppStates.Upgrading, "50")), T0);

        var cancel = app.BeginCancel(Draft(cancelTarget: AppTask.CheckActive([upgrade], OpType.Cancel, "firefox")));
        Assert.That((app.State, app.OpType, cancel.CancelsTaskId), Is.EqualTo((AppStates.UpgradingCanceling, OpType.Cancel, upgrade.Id)));

        cancel.Start(T0);
        cancel.Finish(app, new RuntimeReport(AppStates.Stopped, Reason: AppStateMachine.UpgradeCanceledByUser), OperationOutcome.Completed, T0.AddSeconds(1));
        upgrade.CanceledBy(cancel, T0.AddSeconds(1));

        Assert.That((app.State, app.Reason, app.InstalledVersion, app.OpType), Is.EqualTo((AppStates.Stopped, "upgradeCancelByUser", "1.0.0", OpType.Cancel)));
        Assert.That((cancel.Status, upgrade.Status), Is.EqualTo((AppTaskStatus.Completed, AppTaskStatus.Canceled)));
        Assert.That(AppStateMachine.CanStart(OpType.Resume, app.State), Is.True, "a canceled upgrade can be resumed");
    }

    [Test]
    public void A_refused_upgrade_cancel_settles_at_upgrading_cancel_failed_and_the_app_can_be_upgraded_again()
    {
        var app = Running("1.0.0");
        var upgrade = app.BeginUpgrade(Listing("2.0.0"), Draft());
        var cancel = app.BeginCancel(Draft(cancelTarget: AppTask.CheckActive([upgrade], OpType.Cancel, "firefox")));

        cancel.Reject(app, "appservice: cancel code=400: too late", new FailureEvidence(Message: "too late", HttpStatus: 400), null, null, T0);
        Assert.That(app.State, Is.EqualTo(AppStates.UpgradingCancelFailed));
        upgrade.Start(T0);
        upgrade.Finish(app, new RuntimeReport(AppStates.UpgradingCancelFailed, Reason: "rollback failed"), OperationOutcome.Failed, T0.AddSeconds(1));

        Assert.That((app.State, app.InstalledVersion, upgrade.Status), Is.EqualTo((AppStates.UpgradingCancelFailed, "1.0.0", AppTaskStatus.Failed)));
        Assert.That(app.ApplyState(AppStateChange.Polled(OpType.Upgrade, new RuntimeReport(AppStates.Running)), T0.AddSeconds(2)), Is.False, "settled");
        Assert.That(AppStateMachine.CanStart(OpType.Upgrade, app.State) && AppStateMachine.CanStart(OpType.Uninstall, app.State), Is.True);
    }

    [Test]
    public void A_canceled_resume_is_stopped_again()
    {
        var app = Running("1.0.0");
        Succeed(app.BeginStop(Draft()), app);
        var resume = app.BeginResume(Draft());

        var cancel = app.BeginCancel(Draft(cancelTarget: AppTask.CheckActive([resume], OpType.Cancel, "firefox")));
        Assert.That(app.State, Is.EqualTo(AppStates.ResumingCanceling));
        cancel.Start(T0);
        cancel.Finish(app, new RuntimeReport(AppStates.Stopped), OperationOutcome.Completed, T0.AddSeconds(1));

        Assert.That((app.State, app.OpType), Is.EqualTo((AppStates.Stopped, OpType.Cancel)));
    }

    [Test]
    public void Nothing_to_cancel_once_the_operation_settled_or_for_a_stop()
    {
        var app = Running("1.0.0");
        var stop = app.BeginStop(Draft());
        Assert.Throws<DomainException>(() => AppTask.CheckActive([stop], OpType.Cancel, "firefox"));

        var settled = Running("1.0.0");
        var upgrade = settled.BeginUpgrade(Listing("2.0.0"), Draft());
        Succeed(upgrade, settled);
        var error = Assert.Throws<DomainException>(() => settled.BeginCancel(Draft(cancelTarget: upgrade)))!;
        Assert.That(error.Message, Is.EqualTo("No installation of app firefox is in progress"));
    }
}
