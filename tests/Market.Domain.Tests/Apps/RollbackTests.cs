using Market.Domain.Apps;
using Market.Domain.Common;
using Market.Domain.Tasks;
using static Market.Domain.Tests.Apps.DomainTestKit;

namespace Market.Domain.Tests.Apps;

public sealed class RollbackTests
{
    [Test]
    public void An_upgrade_records_the_version_it_replaces_and_a_failed_one_rolls_back_to_it()
    {
        var app = Running("1.0.0");
        var upgrade = app.BeginUpgrade(Listing("2.0.0"), Draft());
        Assert.That((upgrade.PreviousVersion, upgrade.PreviousSourceId), Is.EqualTo(("1.0.0", "upload")));
        upgrade.Start(T0);
        upgrade.RecordOperation("op-1", null, T0);
        upgrade.Finish(app, new RuntimeReport(AppStates.UpgradeFailed, Reason: "image pull failed"), OperationOutcome.Failed, T0);

        var rollback = app.BeginRollback(upgrade, Draft());

        Assert.That((rollback.Type, rollback.Version, rollback.RollsBackTaskId, rollback.PriorState), Is.EqualTo((OpType.Rollback, "1.0.0", upgrade.Id, AppStates.UpgradeFailed)));
        Assert.That((app.State, app.OpType), Is.EqualTo((AppStates.Pending, OpType.Rollback)));
        Succeed(rollback, app);
        Assert.That((app.State, app.InstalledVersion), Is.EqualTo((AppStates.Running, "1.0.0")));
    }

    [Test]
    public void Only_a_finished_upgrade_of_this_app_can_be_rolled_back()
    {
        var app = Running("1.0.0");
        var uninstall = app.BeginUninstall("1.0.0", Draft());
        var notAnUpgrade = Assert.Throws<DomainException>(() => app.BeginRollback(uninstall, Draft()))!;
        Assert.That((notAnUpgrade.Kind, notAnUpgrade.Message), Is.EqualTo((DomainErrorKind.Conflict, "App firefox has no upgrade to roll back")));

        var other = Running("1.0.0");
        var running = other.BeginUpgrade(Listing("2.0.0"), Draft());
        Assert.Throws<DomainException>(() => other.BeginRollback(running, Draft()), "an upgrade still running is not rolled back");
    }
}
