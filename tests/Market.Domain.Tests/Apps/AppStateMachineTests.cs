using Market.Domain.Apps;

namespace Market.Domain.Tests.Apps;

public sealed class AppStateMachineTests
{
    [TestCase(OpTypes.Install, null, true)]
    [TestCase(OpTypes.Install, AppStates.Uninstalled, true)]
    [TestCase(OpTypes.Install, AppStates.InstallFailed, true)]
    [TestCase(OpTypes.Install, AppStates.DownloadingCanceled, true)]
    [TestCase(OpTypes.Install, AppStates.Running, false)]
    [TestCase(OpTypes.Install, AppStates.Downloading, false)]
    [TestCase(OpTypes.Clone, null, true)]
    [TestCase(OpTypes.Upgrade, AppStates.Running, true)]
    [TestCase(OpTypes.Upgrade, AppStates.Stopped, true)]
    [TestCase(OpTypes.Upgrade, AppStates.UpgradeFailed, true)]
    [TestCase(OpTypes.Upgrade, AppStates.Installing, false)]
    [TestCase(OpTypes.Upgrade, null, false)]
    [TestCase(OpTypes.Uninstall, AppStates.Running, true)]
    [TestCase(OpTypes.Uninstall, AppStates.UninstallFailed, true)]
    [TestCase(OpTypes.Uninstall, AppStates.Uninstalled, false)]
    [TestCase(OpTypes.Uninstall, AppStates.Pending, false)]
    [TestCase(OpTypes.Stop, AppStates.Running, true)]
    [TestCase(OpTypes.Stop, AppStates.Stopped, false)]
    [TestCase(OpTypes.Resume, AppStates.Stopped, true)]
    [TestCase(OpTypes.Resume, AppStates.Running, false)]
    [TestCase(OpTypes.Cancel, AppStates.Pending, true)]
    [TestCase(OpTypes.Cancel, AppStates.Downloading, true)]
    [TestCase(OpTypes.Cancel, AppStates.Initializing, true)]
    [TestCase(OpTypes.Cancel, AppStates.DownloadingCancelFailed, true)]
    [TestCase(OpTypes.Cancel, AppStates.Running, false)]
    [TestCase(OpTypes.Cancel, AppStates.DownloadingCanceling, false)]
    public void An_operation_starts_only_in_the_states_that_allow_it(string op, string? state, bool allowed) =>
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
        Assert.That(AppStateMachine.IsLegal(OpTypes.Install, from, to), Is.True);

    [TestCase(AppStates.Installing, AppStates.Downloading)]
    [TestCase(AppStates.Running, AppStates.Installing)]
    [TestCase(AppStates.InstallFailed, AppStates.Running)]
    [TestCase(AppStates.DownloadingCanceled, AppStates.Downloading)]
    [TestCase(AppStates.DownloadingCanceling, AppStates.Downloading)]
    [TestCase(AppStates.Installing, AppStates.DownloadingCanceling)]
    [TestCase(AppStates.Pending, AppStates.Upgrading)]
    [TestCase(AppStates.Pending, "noSuchState")]
    public void Stale_backward_or_foreign_reports_are_illegal(string from, string to) =>
        Assert.That(AppStateMachine.IsLegal(OpTypes.Install, from, to), Is.False);

    [Test]
    public void Upgrade_uninstall_stop_and_resume_have_their_own_flows()
    {
        Assert.That(AppStateMachine.IsLegal(OpTypes.Upgrade, AppStates.Pending, AppStates.Upgrading), Is.True);
        Assert.That(AppStateMachine.IsLegal(OpTypes.Upgrade, AppStates.Upgrading, AppStates.Initializing), Is.True);
        Assert.That(AppStateMachine.IsLegal(OpTypes.Upgrade, AppStates.Initializing, AppStates.Upgrading), Is.False);
        Assert.That(AppStateMachine.IsLegal(OpTypes.Uninstall, AppStates.Pending, AppStates.Uninstalled), Is.True);
        Assert.That(AppStateMachine.IsLegal(OpTypes.Uninstall, AppStates.Uninstalled, AppStates.Uninstalling), Is.False);
        Assert.That(AppStateMachine.IsLegal(OpTypes.Stop, AppStates.Stopping, AppStates.Stopped), Is.True);
        Assert.That(AppStateMachine.IsLegal(OpTypes.Resume, AppStates.Resuming, AppStates.Running), Is.True);
        Assert.That(AppStateMachine.IsLegal(OpTypes.Resume, AppStates.Resuming, AppStates.Stopped), Is.False);
    }

    [TestCase(OpTypes.Install, AppStates.Running, OperationOutcome.Completed)]
    [TestCase(OpTypes.Install, AppStates.InstallFailed, OperationOutcome.Failed)]
    [TestCase(OpTypes.Install, AppStates.DownloadFailed, OperationOutcome.Failed)]
    [TestCase(OpTypes.Install, AppStates.PendingCanceled, OperationOutcome.Canceled)]
    [TestCase(OpTypes.Install, AppStates.Installing, OperationOutcome.InProgress)]
    [TestCase(OpTypes.Clone, AppStates.Running, OperationOutcome.Completed)]
    [TestCase(OpTypes.Upgrade, AppStates.Running, OperationOutcome.Completed)]
    [TestCase(OpTypes.Upgrade, AppStates.UpgradeFailed, OperationOutcome.Failed)]
    [TestCase(OpTypes.Uninstall, AppStates.Uninstalled, OperationOutcome.Completed)]
    [TestCase(OpTypes.Uninstall, AppStates.Uninstalling, OperationOutcome.InProgress)]
    [TestCase(OpTypes.Cancel, AppStates.DownloadingCanceled, OperationOutcome.Completed)]
    [TestCase(OpTypes.Cancel, AppStates.Running, OperationOutcome.Failed)]
    [TestCase(OpTypes.Cancel, AppStates.DownloadingCancelFailed, OperationOutcome.Failed)]
    [TestCase(OpTypes.Cancel, AppStates.DownloadingCanceling, OperationOutcome.InProgress)]
    [TestCase(OpTypes.Stop, AppStates.Stopped, OperationOutcome.Completed)]
    [TestCase(OpTypes.Resume, AppStates.Running, OperationOutcome.Completed)]
    public void The_runtime_state_decides_the_outcome(string op, string state, OperationOutcome outcome) =>
        Assert.That(AppStateMachine.OutcomeOf(op, state), Is.EqualTo(outcome));

    [Test]
    public void Every_state_the_machine_produces_is_in_the_web_app_vocabulary()
    {
        var produced = new[] { OpTypes.Install, OpTypes.Upgrade, OpTypes.Uninstall, OpTypes.Stop, OpTypes.Resume }
            .SelectMany(op => new[] { AppStateMachine.FailureStateOf(op), AppStateMachine.DoneStateOf(op) })
            .Concat(new[] { AppStates.Pending, AppStates.Downloading, AppStates.Installing, AppStates.Initializing }
                .SelectMany(s => new[] { AppStateMachine.CancelingStateOf(s)!, AppStateMachine.CancelFailedStateOf(s)! }));
        Assert.That(produced, Is.All.Matches<string>(s => AppStates.All.Contains(s)));
    }
}
