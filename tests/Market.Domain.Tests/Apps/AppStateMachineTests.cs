using Market.Domain.Apps;

namespace Market.Domain.Tests.Apps;

public sealed class AppStateMachineTests
{
    [TestCase(OpType.Install, null, true)]
    [TestCase(OpType.Install, AppState.Uninstalled, true)]
    [TestCase(OpType.Install, AppState.InstallFailed, true)]
    [TestCase(OpType.Install, AppState.DownloadingCanceled, true)]
    [TestCase(OpType.Install, AppState.Running, false)]
    [TestCase(OpType.Install, AppState.Downloading, false)]
    [TestCase(OpType.Clone, null, true)]
    [TestCase(OpType.Upgrade, AppState.Running, true)]
    [TestCase(OpType.Upgrade, AppState.Stopped, true)]
    [TestCase(OpType.Upgrade, AppState.UpgradeFailed, true)]
    [TestCase(OpType.Upgrade, AppState.Installing, false)]
    [TestCase(OpType.Upgrade, null, false)]
    [TestCase(OpType.Uninstall, AppState.Running, true)]
    [TestCase(OpType.Uninstall, AppState.UninstallFailed, true)]
    [TestCase(OpType.Uninstall, AppState.Uninstalled, false)]
    [TestCase(OpType.Uninstall, AppState.Pending, false)]
    [TestCase(OpType.Stop, AppState.Running, true)]
    [TestCase(OpType.Stop, AppState.Stopped, false)]
    [TestCase(OpType.Resume, AppState.Stopped, true)]
    [TestCase(OpType.Resume, AppState.Running, false)]
    [TestCase(OpType.Cancel, AppState.Pending, true)]
    [TestCase(OpType.Cancel, AppState.Downloading, true)]
    [TestCase(OpType.Cancel, AppState.Initializing, true)]
    [TestCase(OpType.Cancel, AppState.DownloadingCancelFailed, true)]
    [TestCase(OpType.Cancel, AppState.Running, false)]
    [TestCase(OpType.Cancel, AppState.DownloadingCanceling, false)]
    public void An_operation_starts_only_in_the_states_that_allow_it(OpType op, AppState? state, bool allowed) =>
        Assert.That(AppStateMachine.CanStart(op, state), Is.EqualTo(allowed));

    [TestCase(AppState.Pending, AppState.Downloading)]
    [TestCase(AppState.Pending, AppState.Running)]
    [TestCase(AppState.Downloading, AppState.Installing)]
    [TestCase(AppState.Installing, AppState.InstallFailed)]
    [TestCase(AppState.Downloading, AppState.DownloadFailed)]
    [TestCase(AppState.Downloading, AppState.DownloadingCanceling)]
    [TestCase(AppState.Downloading, AppState.InstallingCanceling)]
    [TestCase(AppState.DownloadingCanceling, AppState.DownloadingCanceled)]
    [TestCase(AppState.DownloadingCanceling, AppState.DownloadingCancelFailed)]
    [TestCase(AppState.DownloadingCancelFailed, AppState.Downloading)]
    [TestCase(AppState.DownloadingCancelFailed, AppState.Running)]
    [TestCase(AppState.InitializingCanceling, AppState.InstallingCanceled)]
    public void The_runtime_may_move_an_install_forward_or_to_its_end(AppState from, AppState to) =>
        Assert.That(AppStateMachine.IsLegal(OpType.Install, from, to), Is.True);

    [TestCase(AppState.Installing, AppState.Downloading)]
    [TestCase(AppState.Running, AppState.Installing)]
    [TestCase(AppState.InstallFailed, AppState.Running)]
    [TestCase(AppState.DownloadingCanceled, AppState.Downloading)]
    [TestCase(AppState.DownloadingCanceling, AppState.Downloading)]
    [TestCase(AppState.Installing, AppState.DownloadingCanceling)]
    [TestCase(AppState.Pending, AppState.Upgrading)]
    public void Stale_backward_or_foreign_reports_are_illegal(AppState from, AppState to) =>
        Assert.That(AppStateMachine.IsLegal(OpType.Install, from, to), Is.False);

    [Test]
    public void Upgrade_uninstall_stop_and_resume_have_their_own_flows()
    {
        Assert.That(AppStateMachine.IsLegal(OpType.Upgrade, AppState.Pending, AppState.Upgrading), Is.True);
        Assert.That(AppStateMachine.IsLegal(OpType.Upgrade, AppState.Upgrading, AppState.Initializing), Is.True);
        Assert.That(AppStateMachine.IsLegal(OpType.Upgrade, AppState.Initializing, AppState.Upgrading), Is.False);
        Assert.That(AppStateMachine.IsLegal(OpType.Uninstall, AppState.Pending, AppState.Uninstalled), Is.True);
        Assert.That(AppStateMachine.IsLegal(OpType.Uninstall, AppState.Uninstalled, AppState.Uninstalling), Is.False);
        Assert.That(AppStateMachine.IsLegal(OpType.Stop, AppState.Stopping, AppState.Stopped), Is.True);
        Assert.That(AppStateMachine.IsLegal(OpType.Resume, AppState.Resuming, AppState.Running), Is.True);
        Assert.That(AppStateMachine.IsLegal(OpType.Resume, AppState.Resuming, AppState.Stopped), Is.False);
    }

    [TestCase(OpType.Install, AppState.Running, OperationOutcome.Completed)]
    [TestCase(OpType.Install, AppState.InstallFailed, OperationOutcome.Failed)]
    [TestCase(OpType.Install, AppState.DownloadFailed, OperationOutcome.Failed)]
    [TestCase(OpType.Install, AppState.PendingCanceled, OperationOutcome.Canceled)]
    [TestCase(OpType.Install, AppState.Installing, OperationOutcome.InProgress)]
    [TestCase(OpType.Clone, AppState.Running, OperationOutcome.Completed)]
    [TestCase(OpType.Upgrade, AppState.Running, OperationOutcome.Completed)]
    [TestCase(OpType.Upgrade, AppState.UpgradeFailed, OperationOutcome.Failed)]
    [TestCase(OpType.Uninstall, AppState.Uninstalled, OperationOutcome.Completed)]
    [TestCase(OpType.Uninstall, AppState.Uninstalling, OperationOutcome.InProgress)]
    [TestCase(OpType.Cancel, AppState.DownloadingCanceled, OperationOutcome.Completed)]
    [TestCase(OpType.Cancel, AppState.Running, OperationOutcome.Failed)]
    [TestCase(OpType.Cancel, AppState.DownloadingCancelFailed, OperationOutcome.Failed)]
    [TestCase(OpType.Cancel, AppState.DownloadingCanceling, OperationOutcome.InProgress)]
    [TestCase(OpType.Stop, AppState.Stopped, OperationOutcome.Completed)]
    [TestCase(OpType.Resume, AppState.Running, OperationOutcome.Completed)]
    public void The_runtime_state_decides_the_outcome(OpType op, AppState state, OperationOutcome outcome) =>
        Assert.That(AppStateMachine.OutcomeOf(op, state), Is.EqualTo(outcome));

    [Test]
    public void Every_state_the_machine_produces_is_in_the_web_app_vocabulary()
    {
        var produced = new[] { OpType.Install, OpType.Upgrade, OpType.Uninstall, OpType.Stop, OpType.Resume }
            .SelectMany(op => new[] { AppStateMachine.FailureStateOf(op), AppStateMachine.DoneStateOf(op) })
            .Concat(new[] { AppState.Pending, AppState.Downloading, AppState.Installing, AppState.Initializing }
                .SelectMany(s => new[] { AppStateMachine.CancelingStateOf(s)!.Value, AppStateMachine.CancelFailedStateOf(s)!.Value }));
        Assert.That(produced.Select(s => s.ToWire()), Is.All.Matches<string>(s => s.Length > 0 && AppStates.FromWire(s) != null));
    }

    [Test]
    public void Every_state_has_its_web_app_spelling_and_unknown_words_are_no_state()
    {
        Assert.That(AppStates.Wire.Names, Has.Count.EqualTo(38).And.Unique);
        Assert.That((AppState.Pending.ToWire(), AppState.ApplyingEnvCancelFailed.ToWire(), AppState.None.ToWire()), Is.EqualTo(("pending", "applyingEnvCancelFailed", "")));
        Assert.That(Enum.GetValues<AppState>().Where(s => s != AppState.None).Select(s => AppStates.FromWire(s.ToWire())), Is.EqualTo(Enum.GetValues<AppState>().Where(s => s != AppState.None).Cast<AppState?>()));
        Assert.That(new[] { AppStates.FromWire("noSuchState"), AppStates.FromWire(string.Empty), AppStates.FromWire("Running") }, Is.All.Null);
    }
}
