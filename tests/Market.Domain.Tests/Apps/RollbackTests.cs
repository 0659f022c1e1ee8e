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
        upgrade.Finish(app, new RuntimeReport(AppState.UpgradeFailed.ToWire(), Reason: "image pull failed"), OperationOutcome.Failed, T0);

        var rollback = app.BeginRollback(upgrade, Draft());

        Assert.That((rollback.Type, rollback.Version, rollback.RollsBackTaskId, rollback.PriorState), Is.EqualTo((OpType.Rollback, "1.0.0", upgrade.Id, AppState.UpgradeFailed)));
        Assert.That((app.State, app.OpType), Is.EqualTo((AppState.Pending, OpType.Rollback)));
        Succeed(rollback, app);
        Assert.That((app.State, app.InstalledVersion), Is.EqualTo((AppState.Running, "1.0.0")));
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

    [Test]
    public void An_upgrade_keeps_its_rollback_point_once_and_only_an_upgrade_has_one()
    {
        var app = Running("1.0.0");
        var upgrade = app.BeginUpgrade(Listing("2.0.0"), Draft());
        var v1 = ChartReference.Uploaded(7, "firefox-1.0.0.tgz", new string('a', 64));
        upgrade.RecordChart(ChartReference.Uploaded(8, "firefox-2.0.0.tgz", new string('b', 64)), null);
        upgrade.RecordRollbackPoint(v1, "[]", "sealed");

        Assert.That(upgrade.RollbackPoint, Is.EqualTo(new RollbackPoint("1.0.0", "upload", v1, "[]", "sealed")));
        Assert.That(upgrade.Chart!.PackageId, Is.EqualTo(8));
        Assert.Throws<DomainException>(() => upgrade.RecordRollbackPoint(v1, "[]", null), "recorded once");

        var uninstall = Running("1.0.0").BeginUninstall("1.0.0", Draft());
        Assert.That(uninstall.RollbackPoint, Is.Null);
        Assert.Throws<DomainException>(() => uninstall.RecordChart(v1, null), "an uninstall submits no chart");
    }

    [Test]
    public void A_chart_matches_only_its_recorded_digest()
    {
        var chart = ChartReference.Remote("firefox-1.0.0.tgz", new string('a', 64));
        Assert.That((chart.Matches(new string('A', 64)), chart.Matches(new string('b', 64)), chart.Matches(null)), Is.EqualTo((true, false, false)));
        Assert.That(ChartReference.Remote("firefox-1.0.0.tgz", string.Empty).Matches(string.Empty), Is.False, "an unknown digest verifies nothing");
    }
}
