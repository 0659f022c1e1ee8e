using Market.Application.Runtime.Queries.GetRuntimeState;
using Market.Domain.Apps;

namespace Market.Application.Tests.Runtime;

public sealed class AppFlowStagesTests
{
    [TestCase(AppStates.Running, "running", "healthy")]
    [TestCase(AppStates.Installed, "running", "healthy")]
    [TestCase(AppStates.InstallFailed, "failed", "unhealthy")]
    [TestCase(AppStates.PendingCanceled, "failed", "unhealthy")]
    [TestCase(AppStates.Stopped, "stopped", "unhealthy")]
    [TestCase(AppStates.Uninstalled, "stopped", "unhealthy")]
    [TestCase(AppStates.Downloading, "fetching", "unknown")]
    [TestCase(AppStates.Pending, "fetching", "unknown")]
    [TestCase(AppStates.Installing, "installing", "unknown")]
    [TestCase(AppStates.Initializing, "installing", "unknown")]
    [TestCase(AppStates.Uninstalling, "uninstalling", "unknown")]
    [TestCase(AppStates.Upgrading, "upgrading", "unknown")]
    [TestCase("", "unknown", "unknown")]
    public void A_state_alone_gives_its_stage_and_health(string state, string stage, string health) =>
        Assert.That(AppFlowStages.Of(state, null), Is.EqualTo((stage, health)));

    [TestCase(OpType.Install, "installing")]
    [TestCase(OpType.Clone, "installing")]
    [TestCase(OpType.Upgrade, "upgrading")]
    [TestCase(OpType.Uninstall, "uninstalling")]
    public void A_task_at_work_decides_the_stage(OpType taskType, string stage) =>
        Assert.That(AppFlowStages.Of(AppStates.Running, taskType), Is.EqualTo((stage, "unknown")));

    [Test]
    public void A_cancel_task_changes_nothing() =>
        Assert.That(AppFlowStages.Of(AppStates.Installing, OpType.Cancel), Is.EqualTo(("installing", "unknown")));
}
