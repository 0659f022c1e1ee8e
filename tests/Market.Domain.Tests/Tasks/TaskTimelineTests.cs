using Market.Domain.Apps;
using Market.Domain.Tasks;
using static Market.Domain.Tests.Apps.DomainTestKit;

namespace Market.Domain.Tests.Tasks;

public sealed class TaskTimelineTests
{
    [Test]
    public void Every_transition_of_a_failed_install_records_itself_in_order()
    {
        var app = NewApp();
        var task = app.BeginInstall(Listing(), Draft());
        task.Start(T0.AddSeconds(1));
        task.RecordRetry("runtime unavailable: connection refused", T0.AddSeconds(3), T0.AddSeconds(2));
        task.Start(T0.AddSeconds(3));
        task.RecordOperation("op-1", "{}", T0.AddSeconds(4));
        task.RecordState(AppStates.Downloading, "pulling", T0.AddSeconds(5));
        task.RecordState(AppStates.Downloading, "still pulling", T0.AddSeconds(6));
        task.Finish(app, new RuntimeReport(AppStates.InstallFailed, Reason: "disk_full", Message: "no space left on device: need 2.1 GiB"), OperationOutcome.Failed, T0.AddSeconds(7));

        Assert.That(task.Timeline.Select(s => (s.Step, s.State)), Is.EqualTo(new (TaskStepKind, string?)[]
        {
            (TaskStepKind.Accepted, AppStates.Pending),
            (TaskStepKind.Queued, null),
            (TaskStepKind.Retry, null),
            (TaskStepKind.Submitted, null),
            (TaskStepKind.State, AppStates.Downloading),
            (TaskStepKind.State, AppStates.InstallFailed),
            (TaskStepKind.Failed, AppStates.InstallFailed),
        }));
        Assert.That(task.Timeline[3].Message, Is.EqualTo("operation op-1"));
        Assert.That(task.Failure!.Cause, Is.EqualTo(FailureCause.DiskFull));
        Assert.That(task.Failure.NextStep, Is.EqualTo("Free at least 2.1 GiB of disk, then retry"));
        Assert.That(app.Message, Is.EqualTo(task.Failure.Summary), "the app's status message carries the summary");
        Assert.That(task.Timeline[^1].Message, Is.EqualTo(task.Failure.Summary));
    }

    [Test]
    public void A_completed_task_ends_with_a_finished_step_and_no_failure()
    {
        var app = NewApp();
        var task = app.BeginInstall(Listing(), Draft());
        task.Start(T0);
        task.RecordOperation("op-1", null, T0);
        task.Finish(app, new RuntimeReport(AppStates.Running), OperationOutcome.Completed, T0.AddSeconds(1));

        Assert.That(task.Timeline[^1], Is.EqualTo(new TaskStep(T0.AddSeconds(1), TaskStepKind.Finished, AppStates.Running, null)));
        Assert.That(task.Failure, Is.Null);
    }

    [Test]
    public void Step_messages_are_scrubbed_of_secrets()
    {
        var app = NewApp();
        var task = app.BeginInstall(Listing(), Draft());
        task.Start(T0);
        task.RecordOperation("op-1", null, T0);
        task.RecordState(AppStates.Downloading, "env DB_PASSWORD=hunter2 rejected, Authorization: Bearer abc.def.ghi", T0);

        Assert.That(task.Timeline[^1].Message, Does.Not.Contain("hunter2").And.Not.Contain("abc.def.ghi"));
        Assert.That(task.Timeline[^1].Message, Does.Contain("DB_PASSWORD=***"));
    }

    [Test]
    public void A_task_stuck_in_one_state_times_out_with_its_state_named()
    {
        var app = NewApp();
        var task = app.BeginInstall(Listing(), Draft());
        task.Start(T0);
        task.RecordOperation("op-1", null, T0);
        task.RecordState(AppStates.Downloading, null, T0);
        task.TimeOut(app, TimeSpan.FromSeconds(1800), T0.AddMinutes(31));

        Assert.That((task.Status, task.Failure!.Cause, task.Timeline[^1].Step), Is.EqualTo((AppTaskStatus.Failed, FailureCause.Timeout, TaskStepKind.Timeout)));
        Assert.That(task.Failure.Summary, Does.Contain(AppStates.Downloading));
        Assert.That(app.State, Is.EqualTo(AppStates.InstallFailed));
    }

    [Test]
    public void A_long_timeline_keeps_its_first_and_latest_steps()
    {
        var task = NewApp().BeginInstall(Listing(), Draft());
        task.Start(T0);
        task.RecordOperation("op-1", null, T0);
        for (var i = 0; i < AppTask.MaxTimelineSteps * 2; i++)
        {
            task.RecordState(i % 2 == 0 ? AppStates.Downloading : AppStates.Installing, $"step {i}", T0.AddSeconds(i));
        }

        Assert.That(task.Timeline, Has.Count.EqualTo(AppTask.MaxTimelineSteps));
        Assert.That(task.Timeline[0].Step, Is.EqualTo(TaskStepKind.Accepted));
        Assert.That(task.Timeline[^1].Message, Is.EqualTo($"step {(AppTask.MaxTimelineSteps * 2) - 1}"));
    }
}
