using Market.Domain.Apps;

namespace Market.Domain.Tests.Apps;

public sealed class AppStateMachineTests
{
    [TestCase(OpType.Install, null, true)]
    [TestCase(OpType.Install, AppStates.Uninstalled, true)]
    [TestCase(OpType.Install, AppStates.InstallFailed, true)]
    [TestCase(OpType.Install, AppStates.DownloadingCanceled, true)]
    [TestCase(OpType.Install, AppStates.Running, false)]
    [TestCase(OpType.Install, AppStates.Downloading, false)]
    [TestCase(OpType.Clone, null, true)]
    [TestCase(OpType.Upgrade, AppStates.Running, true)]
    [TestCase(OpType.Upgrade, AppStates.Stopped, true)]
    [TestCase(OpType.Upgrade, AppStates.UpgradeFailed, true)]
    [TestCase(OpType.Upgrade, AppStates.Installing, false)]
    [TestCase(OpType.Upgrade, null, false)]
    [TestCase(OpType.Uninstall, AppStates.Running, true)]
    [TestCase(OpType.Uninstall, AppStates.UninstallFailed, true)]
    [TestCase(OpType.Uninstall, AppStates.Uninstalled, false)]
    [TestCase(OpType.Uninstall, AppStates.Pending, false)]
    [TestCase(OpType.Stop, AppStates.Running, true)]
    [TestCase(OpType.Stop, AppStates.Stopped, false)]
    [TestCase(OpType.Resume, AppStates.Stopped, true)]
    [TestCase(OpType.Resume, AppStates.Running, false)]
    [TestCase(OpType.Cancel, AppStates.Pending, true)]
    [TestCase(OpType.Cancel, AppStates.Downloading, true)]
    [TestCase(OpType.Cancel, AppStates.Initializing, true)]
    [TestCase(OpType.Cancel, AppStates.DownloadingCancelFailed, true)]
    [TestCase(OpType.Cancel, AppStates.Running, false)]
    [TestCase(OpType.Cancel, AppStates.DownloadingCanceling, false)]
    public void An_operation_starts_only_in_the_states_that_allow_it(OpType op, string? state, bool allowed) =>
        Assert.That(AppStateMachine.CanStart(op, state), Is.EqualTo(allowed));

    [TestCase(AppStates.Pending, AppStates.Downloading)]
    [TestCase(AppStates.Pending, AppStates.Running)]
    [TestCase(AppStates.Downloading, AppStates.Installing)]
    [TestCase(AppStates.Installing, AppStates.InstallFailed)]
    [TestCase(AppStates.Downloading, AppStates.DownloadFailed)]
    [TestCase(AppStates.Downloading, AppStates.DownloadingCanceling)]
    [TestCase(AppStates.Downloading, AppStates.InstallingCanceling)]
    [TestCase(AppStates.DownloadingCanceling, AppStates.DownloadingCanceled)]
    [TestCase(AppStates.DownloadingCanceling, AppStates.DownloadingCancelFailed)]
    [TestCase(AppStates.DownloadingCancelFailed, AppStates.Downloading)]
    [TestCase(AppStates.DownloadingCancelFailed, AppStates.Running)]
    [TestCase(AppStates.InitializingCanceling, AppStates.InstallingCanceled)]
    public void The_runtime_may_move_an_install_forward_or_to_its_end(string from, string to) =>
        Assert.That(AppStateMachine.IsLegal(OpType.Install, from, to), Is.True);

    [TestCase(AppStates.Installing, AppStates.Downloading)]
    [TestCase(AppStates.Running, AppStates.Installing)]
    [TestCase(AppStates.InstallFailed, AppStates.Running)]
    [TestCase(AppStates.DownloadingCanceled, AppStates.Downloading)]
    [TestCase(AppStates.DownloadingCanceling, AppStates.Downloading)]
    [TestCase(AppStates.Installing, AppStates.DownloadingCanceling)]
    [TestCase(AppStates.Pending, AppStates.Upgrading)]
    [TestCase(AppStates.Pending, "noSuchState")]
    public void Stale_backward_or_foreign_reports_are_illegal(string from, string to) =>
        Assert.That(AppStateMachine.IsLegal(OpType.Install, from, to), Is.False);

    [Test]
    public void Upgrade_uninstall_stop_and_resume_have_their_own_flows()
    {
        Assert.That(AppStateMachine.IsLegal(OpType.Upgrade, AppStates.Pending, AppStates.Upgrading), Is.True);
        Assert.That(AppStateMachine.IsLegal(OpType.Upgrade, AppStates.Upgrading, AppStates.Initializing), Is.True);
        Assert.That(AppStateMachine.IsLegal(OpType.Upgrade, AppStates.Initializing, AppStates.Upgrading), Is.False);
        Assert.That(AppStateMachine.IsLegal(OpType.Uninstall, AppStates.Pending, AppStates.Uninstalled), Is.True);
        Assert.That(AppStateMachine.IsLegal(OpType.Uninstall, AppStates.Uninstalled, AppStates.Uninstalling), Is.False);
        Assert.That(AppStateMachine.IsLegal(OpType.Stop, AppStates.Stopping, AppStates.Stopped), Is.True);
        Assert.That(AppStateMachine.IsLegal(OpType.Resume, AppStates.Resuming, AppStates.Running), Is.True);
        Assert.That(AppStateMachine.IsLegal(OpType.Resume, AppStates.Resuming, AppStates.Stopped), Is.False);
    }

    [TestCase(OpType.Install, AppStates.Running, OperationOutcome.Completed)]
    [TestCase(OpType.Install, AppStates.InstallFailed, OperationOutcome.Failed)]
    [TestCase(OpType.Install, AppStates.DownloadFailed, OperationOutcome.Failed)]
    [TestCase(OpType.Install, AppStates.PendingCanceled, OperationOutcome.Canceled)]
    [TestCase(OpType.Install, AppStates.Installing, OperationOutcome.InProgress)]
    [TestCase(OpType.Clone, AppStates.Running, OperationOutcome.Completed)]
    [TestCase(OpType.Upgrade, AppStates.Running, OperationOutcome.Completed)]
    [TestCase(OpType.Upgrade, AppStates.UpgradeFailed, OperationOutcome.Failed)]
    [TestCase(OpType.Uninstall, AppStates.Uninstalled, OperationOutcome.Completed)]
    [TestCase(OpType.Uninstall, AppStates.Uninstalling, OperationOutcome.InProgress)]
    [TestCase(OpType.Cancel, AppStates.DownloadingCanceled, OperationOutcome.Completed)]
    [TestCase(OpType.Cancel, AppStates.Running, OperationOutcome.Failed)]
    [TestCase(OpType.Cancel, AppStates.DownloadingCancelFailed, OperationOutcome.Failed)]
    [TestCase(OpType.Cancel, AppStates.DownloadingCanceling, OperationOutcome.InProgress)]
    [TestCase(OpType.Stop, AppStates.Stopped, OperationOutcome.Completed)]
    [TestCase(OpType.Resume, AppStates.Running, OperationOutcome.Completed)]
    public void The_runtime_state_decides_the_outcome(OpType op, string state, OperationOutcome outcome) =>
        Assert.That(AppStateMachine.OutcomeOf(op, state), Is.EqualTo(outcome));

    [Test]
    public void Every_state_the_machine_produces_is_in_the_web_app_vocabulary()
    {
        var produced = new[] { OpType.Install, OpType.Upgrade, OpType.Uninstall, OpType.Stop, OpType.Resume }
            .SelectMany(op => new[] { AppStateMachine.FailureStateOf(op), AppStateMachine.DoneStateOf(op) })
            .Concat(new[] { AppStates.Pending, AppStates.Downloading, AppStates.Installing, AppStates.Initializing }
                .SelectMany(s => new[] { AppStateMachine.CancelingStateOf(s)!, AppStateMachine.CancelFailedStateOf(s)! }));
        Assert.That(produced, Is.All.Matches<string>(s => AppStates.All.Contains(s)));
    }
}
