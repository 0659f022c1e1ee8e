using Market.Application.Runtime.Queries.GetRuntimeState;
using Market.Domain.Apps;

namespace Market.Application.Tests.Runtime;

public sealed class AppFlowStagesTests
{
    [TestCase(AppState.Running, "running", "healthy")]
    [TestCase(AppState.Installed, "running", "healthy")]
    [TestCase(AppState.InstallFailed, "failed", "unhealthy")]
    [TestCase(AppState.PendingCanceled, "failed", "unhealthy")]
    [TestCase(AppState.Stopped, "stopped", "unhealthy")]
    [TestCase(AppState.Uninstalled, "stopped", "unhealthy")]
    [TestCase(AppState.Downloading, "fetching", "unknown")]
    [TestCase(AppState.Pending, "fetching", "unknown")]
    [TestCase(AppState.Installing, "installing", "unknown")]
    [TestCase(AppState.Initializing, "installing", "unknown")]
    [TestCase(AppState.Uninstalling, "uninstalling", "unknown")]
    [TestCase(AppState.Upgrading, "upgrading", "unknown")]
    [TestCase(AppState.None, "unknown", "unknown")]
    public void A_state_alone_gives_its_stage_and_health(AppState state, string stage, string health) =>
        Assert.That(AppFlowStages.Of(state, null), Is.EqualTo((stage, health)));

    [TestCase(OpType.Install, "installing")]
    [TestCase(OpType.Clone, "installing")]
    [TestCase(OpType.Upgrade, "upgrading")]
    [TestCase(OpType.Uninstall, "uninstalling")]
    public void A_task_at_work_decides_the_stage(OpType taskType, string stage) =>
        Assert.That(AppFlowStages.Of(AppState.Running, taskType), Is.EqualTo((stage, "unknown")));

    [Test]
    public void A_cancel_task_changes_nothing() =>
        Assert.That(AppFlowStages.Of(AppState.Installing, OpType.Cancel), Is.EqualTo(("installing", "unknown")));
}
