using Market.Domain.Apps;
using Market.Infrastructure.Runtime.Simulated;

namespace Market.Api.Tests.Apps;

/// <summary>The simulated runtime's progression, step by step (a pure function of elapsed steps).</summary>
public sealed class SimulatedTimelineTests
{
    [Test]
    public void An_install_goes_through_every_state_with_download_progress()
    {
        var steps = Enumerable.Range(0, 9).Select(k => SimulatedTimeline.At(OpType.Install, k, string.Empty, null)).ToList();

        Assert.That(steps.Select(s => s.State), Is.EqualTo(new[]
        {
            "pending", "downloading", "downloading", "downloading", "downloading", "installing", "initializing", "running", "running",
        }));
        Assert.That(steps.Where(s => s.State == "downloading").Select(s => s.Progress), Is.EqualTo(new[] { "25", "50", "75", "100" }));
        Assert.That(steps.Select(s => s.Outcome).Last(), Is.EqualTo(OperationOutcome.Completed));
        Assert.That(steps.Take(7).Select(s => s.Outcome), Is.All.EqualTo(OperationOutcome.InProgress));
    }

    [TestCase("install", 6, "installFailed")]
    [TestCase("download", 3, "downloadFailed")]
    public void An_injected_failure_ends_the_install_failed_with_a_reason(string failure, int step, string state)
    {
        var status = SimulatedTimeline.At(OpType.Install, step, failure, null);
        Assert.That((status.State, status.Outcome), Is.EqualTo((state, OperationOutcome.Failed)));
        Assert.That(status.Reason, Does.Contain($"SIMULATE_FAILURE={failure}"));
    }

    [Test]
    public void A_cancel_shows_canceling_for_a_step_then_canceled_in_the_stage_it_hit()
    {
        Assert.That(SimulatedTimeline.At(OpType.Install, 2, string.Empty, 2).State, Is.EqualTo(AppStates.DownloadingCanceling));
        var canceled = SimulatedTimeline.At(OpType.Install, 3, string.Empty, 2);
        Assert.That((canceled.State, canceled.Outcome), Is.EqualTo((AppStates.DownloadingCanceled, OperationOutcome.Canceled)));
        Assert.That(SimulatedTimeline.At(OpType.Install, 8, string.Empty, 6).State, Is.EqualTo(AppStates.InstallingCanceled), "initializing cancels as installing");
        Assert.That(SimulatedTimeline.At(OpType.Install, 9, string.Empty, 8).State, Is.EqualTo(AppStates.Running), "too late to cancel");
    }

    [Test]
    public void A_canceled_upgrade_or_resume_is_stopped_and_a_failing_cancel_ends_it_at_its_cancel_failed_state()
    {
        Assert.That(SimulatedTimeline.At(OpType.Upgrade, 1, string.Empty, 1).State, Is.EqualTo(AppStates.UpgradingCanceling));
        var upgrade = SimulatedTimeline.At(OpType.Upgrade, 2, string.Empty, 1);
        Assert.That((upgrade.State, upgrade.Reason, upgrade.Outcome), Is.EqualTo((AppStates.Stopped, "upgradeCancelByUser", OperationOutcome.Canceled)));
        var resume = SimulatedTimeline.At(OpType.Resume, 1, string.Empty, 0);
        Assert.That((resume.State, resume.Outcome), Is.EqualTo((AppStates.Stopped, OperationOutcome.Canceled)));

        var refused = SimulatedTimeline.At(OpType.Upgrade, 3, string.Empty, 1, cancelFails: true);
        Assert.That((refused.State, refused.Outcome), Is.EqualTo((AppStates.UpgradingCancelFailed, OperationOutcome.Failed)));
        Assert.That(SimulatedTimeline.At(OpType.Resume, 2, string.Empty, 0, cancelFails: true).State, Is.EqualTo(AppStates.ResumingCancelFailed));
        Assert.That(SimulatedTimeline.At(OpType.Upgrade, 6, string.Empty, 4).State, Is.EqualTo(AppStates.Running), "too late to cancel");
    }

    [Test]
    public void Upgrade_uninstall_stop_and_resume_end_where_the_web_app_expects()
    {
        Assert.That(Enumerable.Range(0, 5).Select(k => SimulatedTimeline.At(OpType.Upgrade, k, string.Empty, null).State),
            Is.EqualTo(new[] { "pending", "upgrading", "upgrading", "initializing", "running" }));
        Assert.That(Enumerable.Range(0, 3).Select(k => SimulatedTimeline.At(OpType.Uninstall, k, string.Empty, null).State),
            Is.EqualTo(new[] { "pending", "uninstalling", "uninstalled" }));
        Assert.That(SimulatedTimeline.At(OpType.Stop, 1, string.Empty, null).State, Is.EqualTo("stopped"));
        Assert.That(SimulatedTimeline.At(OpType.Resume, 1, string.Empty, null).State, Is.EqualTo("running"));
        Assert.That(SimulatedTimeline.At(OpType.Upgrade, 3, "upgrade", null).State, Is.EqualTo("upgradeFailed"));
    }
}
