using Market.Domain.Apps;
using Market.Domain.Common;
using Market.Domain.Tasks;
using static Market.Domain.Tests.Apps.DomainTestKit;

namespace Market.Domain.Tests.Apps;

/// <summary>The cancel rule (olares-current §3): decided from the app's state; upgrades and resumes settle stopped or at their …CancelFailed.</summary>
public sealed class CancelRuleTests
{
    [TestCase(AppState.Pending, true)]
    [TestCase(AppState.Downloading, true)]
    [TestCase(AppState.Installing, true)]
    [TestCase(AppState.Initializing, true)]
    [TestCase(AppState.ApplyingEnv, true)]
    [TestCase(AppState.Resuming, true)]
    [TestCase(AppState.Upgrading, true)]
    [TestCase(AppState.Running, false)]
    [TestCase(AppState.Stopped, false)]
    [TestCase(AppState.Stopping, false)]
    [TestCase(AppState.Uninstalling, false)]
    [TestCase(AppState.UpgradingCanceling, false)]
    [TestCase(AppState.ResumingCanceling, false)]
    [TestCase(AppState.UpgradingCancelFailed, false)]
    [TestCase(AppState.ResumingCancelFailed, false)]
    public void Cancellability_is_decided_from_the_state(AppState state, bool cancelable)
    {
        Assert.That(AppStateMachine.IsCancelable(state), Is.EqualTo(cancelable));
        Assert.That(AppStateMachine.CanStart(OpType.Cancel, state), Is.EqualTo(cancelable));
    }

    [TestCase(OpType.Upgrade, AppState.Pending, AppState.UpgradingCanceling)]
    [TestCase(OpType.Upgrade, AppState.Upgrading, AppState.UpgradingCanceling)]
    [TestCase(OpType.Upgrade, AppState.Initializing, AppState.UpgradingCanceling)]
    [TestCase(OpType.Resume, AppState.Resuming, AppState.ResumingCanceling)]
    [TestCase(OpType.Install, AppState.Pending, AppState.PendingCanceling)]
    [TestCase(OpType.Clone, AppState.Initializing, AppState.InitializingCanceling)]
    public void The_canceling_state_follows_the_operation_canceled(OpType op, AppState state, AppState canceling) =>
        Assert.That(AppStateMachine.CancelingStateOf(op, state), Is.EqualTo(canceling));

    [TestCase(OpType.Uninstall, AppState.Uninstalling)]
    [TestCase(OpType.Stop, AppState.Stopping)]
    [TestCase(OpType.Upgrade, AppState.Running)]
    [TestCase(OpType.Resume, AppState.Stopped)]
    public void Uninstall_stop_and_settled_operations_cannot_be_canceled(OpType op, AppState state) =>
        Assert.That(AppStateMachine.CancelingStateOf(op, state), Is.Null);

    [Test]
    public void Canceled_upgrades_and_resumes_settle_stopped_and_refused_ones_at_their_cancel_failed_state()
    {
        Assert.That(AppStateMachine.CanceledStateOf(OpType.Upgrade, AppState.UpgradingCanceling), Is.EqualTo(AppState.Stopped));
        Assert.That(AppStateMachine.CanceledReasonOf(OpType.Upgrade), Is.EqualTo("upgradeCancelByUser"));
        Assert.That(AppStateMachine.CanceledStateOf(OpType.Resume, AppState.ResumingCanceling), Is.EqualTo(AppState.Stopped));
        Assert.That(AppStateMachine.CanceledStateOf(OpType.Install, AppState.InitializingCanceling), Is.EqualTo(AppState.InstallingCanceled));
        Assert.That(AppStateMachine.CancelFailedStateOf(AppState.UpgradingCanceling), Is.EqualTo(AppState.UpgradingCancelFailed));
        Assert.That(AppStateMachine.CancelFailedStateOf(AppState.ResumingCanceling), Is.EqualTo(AppState.ResumingCancelFailed));
        Assert.That(AppStateMachine.RefusedCancelEnds(OpType.Upgrade) && AppStateMachine.RefusedCancelEnds(OpType.Resume), Is.True);
        Assert.That(AppStateMachine.RefusedCancelEnds(OpType.Install), Is.False, "an install goes on when its cancel is refused");
    }

    [TestCase(OpType.Cancel, AppState.Stopped, OperationOutcome.Completed)]
    [TestCase(OpType.Cancel, AppState.UpgradingCancelFailed, OperationOutcome.Failed)]
    [TestCase(OpType.Cancel, AppState.ResumingCancelFailed, OperationOutcome.Failed)]
    [TestCase(OpType.Cancel, AppState.UpgradingCanceling, OperationOutcome.InProgress)]
    [TestCase(OpType.Cancel, AppState.UpgradeFailed, OperationOutcome.Failed)]
    [TestCase(OpType.Upgrade, AppState.Stopped, OperationOutcome.Canceled)]
    [TestCase(OpType.Upgrade, AppState.UpgradingCancelFailed, OperationOutcome.Failed)]
    [TestCase(OpType.Resume, AppState.Stopped, OperationOutcome.Canceled)]
    [TestCase(OpType.Resume, AppState.ResumingCancelFailed, OperationOutcome.Failed)]
    [TestCase(OpType.Install, AppState.InstallingCancelFailed, OperationOutcome.InProgress)]
    public void The_end_of_a_cancel_and_of_what_it_canceled(OpType op, AppState state, OperationOutcome outcome) =>
        Assert.That(AppStateMachine.OutcomeOf(op, state), Is.EqualTo(outcome));

    [TestCase(OpType.Cancel, AppState.UpgradingCanceling, AppState.Stopped, true)]
    [TestCase(OpType.Cancel, AppState.UpgradingCanceling, AppState.UpgradingCancelFailed, true)]
    [TestCase(OpType.Cancel, AppState.ResumingCanceling, AppState.Stopped, true)]
    [TestCase(OpType.Cancel, AppState.PendingCanceling, AppState.Stopped, false)]
    [TestCase(OpType.Upgrade, AppState.Initializing, AppState.UpgradingCanceling, true)]
    [TestCase(OpType.Upgrade, AppState.UpgradingCanceling, AppState.Running, true)]
    [TestCase(OpType.Upgrade, AppState.Upgrading, AppState.Stopped, false)]
    [TestCase(OpType.Upgrade, AppState.UpgradingCancelFailed, AppState.Upgrading, false)]
    [TestCase(OpType.Resume, AppState.ResumingCancelFailed, AppState.Running, false)]
    public void A_follower_may_move_through_a_cancel_only_forward(OpType op, AppState from, AppState to, bool legal) =>
        Assert.That(AppStateMachine.IsLegal(op, from, to), Is.EqualTo(legal));

    [Test]
    public void A_canceled_upgrade_leaves_the_app_stopped_on_the_previous_version()
    {
        var app = Running("1.0.0");
        var upgrade = app.BeginUpgrade(Listing("2.0.0"), Draft());
        app.ApplyState(AppStateChange.Polled(OpType.Upgrade, new RuntimeReport(AppState.Upgrading.ToWire(), "50")), T0);

        var cancel = app.BeginCancel(Draft(cancelTarget: AppTask.CheckActive([upgrade], OpType.Cancel, "firefox")));
        Assert.That((app.State, app.OpType, cancel.CancelsTaskId), Is.EqualTo((AppState.UpgradingCanceling, OpType.Cancel, upgrade.Id)));

        cancel.Start(T0);
        cancel.Finish(app, new RuntimeReport(AppState.Stopped.ToWire(), Reason: AppStateMachine.UpgradeCanceledByUser), OperationOutcome.Completed, T0.AddSeconds(1));
        upgrade.CanceledBy(cancel, T0.AddSeconds(1));

        Assert.That((app.State, app.Reason, app.InstalledVersion, app.OpType), Is.EqualTo((AppState.Stopped, "upgradeCancelByUser", "1.0.0", OpType.Cancel)));
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
        Assert.That(app.State, Is.EqualTo(AppState.UpgradingCancelFailed));
        upgrade.Start(T0);
        upgrade.Finish(app, new RuntimeReport(AppState.UpgradingCancelFailed.ToWire(), Reason: "rollback failed"), OperationOutcome.Failed, T0.AddSeconds(1));

        Assert.That((app.State, app.InstalledVersion, upgrade.Status), Is.EqualTo((AppState.UpgradingCancelFailed, "1.0.0", AppTaskStatus.Failed)));
        Assert.That(app.ApplyState(AppStateChange.Polled(OpType.Upgrade, new RuntimeReport(AppState.Running.ToWire())), T0.AddSeconds(2)), Is.False, "settled");
        Assert.That(AppStateMachine.CanStart(OpType.Upgrade, app.State) && AppStateMachine.CanStart(OpType.Uninstall, app.State), Is.True);
    }

    [Test]
    public void A_canceled_resume_is_stopped_again()
    {
        var app = Running("1.0.0");
        Succeed(app.BeginStop(Draft()), app);
        var resume = app.BeginResume(Draft());

        var cancel = app.BeginCancel(Draft(cancelTarget: AppTask.CheckActive([resume], OpType.Cancel, "firefox")));
        Assert.That(app.State, Is.EqualTo(AppState.ResumingCanceling));
        cancel.Start(T0);
        cancel.Finish(app, new RuntimeReport(AppState.Stopped.ToWire()), OperationOutcome.Completed, T0.AddSeconds(1));

        Assert.That((app.State, app.OpType), Is.EqualTo((AppState.Stopped, OpType.Cancel)));
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
