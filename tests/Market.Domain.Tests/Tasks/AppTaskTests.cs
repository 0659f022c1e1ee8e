using Market.Domain.Apps;
using Market.Domain.Common;
using Market.Domain.Tasks;
using static Market.Domain.Tests.Apps.DomainTestKit;

namespace Market.Domain.Tests.Tasks;

public sealed class AppTaskTests
{
    [Test]
    public void A_new_task_is_pending_and_held_by_the_host_that_created_it()
    {
        var task = NewApp().BeginInstall(Listing(), Draft());

        Assert.That(task.Status, Is.EqualTo(AppTaskStatus.Pending));
        Assert.That((task.LeaseOwner, task.LeaseUntil), Is.EqualTo(("host-a", (DateTime?)T0.AddSeconds(20))));
        Assert.That(task.Id, Does.Match("^20260515063606-[A-Za-z0-9]{12}$"));
        Assert.That(task.IsSettledForCaller, Is.False);
    }

    [Test]
    public void A_new_task_keeps_the_trace_parent_of_the_request_that_created_it_and_nothing_longer()
    {
        const string parent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

        var traced = NewApp().BeginInstall(Listing(), Draft() with { TraceParent = parent });
        var oversized = NewApp().BeginInstall(Listing(), Draft() with { TraceParent = parent + new string('0', 40) });

        Assert.That(traced.TraceParent, Is.EqualTo(parent));
        Assert.That(oversized.TraceParent, Is.Null, "a value that is no trace parent is not kept");
        Assert.That(NewApp().BeginInstall(Listing(), Draft()).TraceParent, Is.Null);
    }

    [Test]
    public void Task_ids_do_not_collide()
    {
        var ids = Enumerable.Range(0, 10_000).Select(_ => AppTask.NewId(T0)).ToHashSet();
        Assert.That(ids, Has.Count.EqualTo(10_000));
    }

    [Test]
    public void Recording_the_operation_settles_it_for_the_caller_and_a_second_id_is_refused()
    {
        var task = NewApp().BeginInstall(Listing(), Draft());
        task.Start(T0);
        task.RecordOperation("op-1", "{}", T0);

        Assert.That((task.Status, task.OperationId, task.IsSettledForCaller, task.Attempts), Is.EqualTo((AppTaskStatus.Running, "op-1", true, 1)));
        Assert.Throws<DomainException>(() => task.RecordOperation("op-2", null, T0));
        Assert.DoesNotThrow(() => task.RecordOperation("op-1", null, T0));
    }

    [Test]
    public void Final_statuses_are_final_and_drop_the_lease()
    {
        var app = NewApp();
        var task = app.BeginInstall(Listing(), Draft());
        task.Start(T0);
        task.Reject(app, "install failed: boom", new FailureEvidence(Message: "boom"), "{\"code\":422}", "{\"status\":\"failed\"}", T0);

        Assert.That((task.Status, task.Error, task.BackendResponseJson), Is.EqualTo((AppTaskStatus.Failed, "install failed: boom", "{\"code\":422}")));
        Assert.That((task.LeaseOwner, task.LeaseUntil, task.FinishedAt), Is.EqualTo(((string?)null, (DateTime?)null, (DateTime?)T0)));
        Assert.Throws<DomainException>(() => task.Finish(app, new RuntimeReport(AppStates.Running), OperationOutcome.Completed, T0));
        Assert.Throws<DomainException>(() => task.Start(T0));
    }

    [Test]
    public void A_task_ends_only_with_its_own_app()
    {
        var task = NewApp().BeginInstall(Listing(), Draft());
        var other = NewApp("other", "other");

        Assert.Throws<DomainException>(() => task.Finish(other, new RuntimeReport(AppStates.Running), OperationOutcome.Completed, T0));
    }

    [Test]
    public void A_released_task_is_free_for_any_host_after_the_retry_time()
    {
        var task = NewApp().BeginInstall(Listing(), Draft());
        task.Release(T0.AddSeconds(4), T0);
        Assert.That((task.LeaseOwner, task.LeaseUntil), Is.EqualTo(((string?)null, (DateTime?)T0.AddSeconds(4))));
    }

    [Test]
    public void A_postponed_claim_does_not_count_as_an_attempt()
    {
        var task = NewApp().BeginInstall(Listing(), Draft());
        task.Start(T0);
        task.Postpone(T0.AddSeconds(1), T0);
        Assert.That((task.Attempts, task.LeaseOwner), Is.EqualTo((0, (string?)null)));
    }
}
