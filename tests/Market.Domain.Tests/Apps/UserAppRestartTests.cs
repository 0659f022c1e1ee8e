using Market.Domain.Apps;
using Market.Domain.Common;
using Market.Domain.Tasks;
using static Market.Domain.Tests.Apps.DomainTestKit;

namespace Market.Domain.Tests.Apps;

/// <summary>Restart (a stop, then a resume) and the clone of a template app.</summary>
public sealed class UserAppRestartTests
{
    [Test]
    public void Restart_of_a_running_app_begins_with_its_stop_and_ends_resumed_with_a_new_state_time()
    {
        var app = Running();
        var before = app.StateTime;

        var stop = app.BeginRestart(Draft(T0.AddSeconds(1)));
        Assert.That((stop.Type, app.State, app.OpType), Is.EqualTo((OpType.Stop, AppStates.Stopping, OpType.Stop)));
        Succeed(stop, app, T0.AddSeconds(2));

        var resume = app.BeginResume(Draft(T0.AddSeconds(3)));
        Succeed(resume, app, T0.AddSeconds(4));
        Assert.That((app.State, app.OpType), Is.EqualTo((AppStates.Running, OpType.Resume)));
        Assert.That(app.StateTime, Is.GreaterThan(before));
    }

    [Test]
    public void Restart_of_a_stopped_app_only_resumes_it()
    {
        var app = Running();
        Succeed(app.BeginStop(Draft()), app);

        var resume = app.BeginRestart(Draft());

        Assert.That((resume.Type, app.State, app.OpType), Is.EqualTo((OpType.Resume, AppStates.Resuming, OpType.Resume)));
    }

    [Test]
    public void Restart_is_refused_while_the_app_is_busy_or_not_installed()
    {
        var app = Running();
        app.BeginStop(Draft());
        var busy = Assert.Throws<DomainException>(() => app.BeginRestart(Draft()))!;
        Assert.That(busy.Message, Is.EqualTo("Cannot restart app firefox while it is stopping"));

        var fresh = NewApp("notes", "notes");
        var missing = Assert.Throws<DomainException>(() => fresh.BeginRestart(Draft()))!;
        Assert.That(missing.Message, Is.EqualTo("App notes is not installed"));
        Assert.That(AppStateMachine.CanStart(OpType.Restart, AppStates.ResumeFailed), Is.True);
    }

    [Test]
    public void A_template_is_cloned_from_its_listing_without_being_installed()
    {
        var identity = CloneIdentity.Of("upload", "firefox", "Work", [], []);
        var clone = NewApp(identity.AppName, "firefox");

        var task = clone.BeginTemplateClone(identity, Listing("2.0.0"), "Work", OneEntrance, Draft());

        Assert.That((task.Type, task.Version, clone.State, clone.Title, clone.SourceId), Is.EqualTo((OpType.Clone, "2.0.0", AppStates.Pending, "Work", "upload")));
        Assert.That(clone.AppId, Is.EqualTo(identity.AppId));
        Assert.Throws<DomainException>(() => NewApp().BeginTemplateClone(identity, Listing(), "Work", OneEntrance, Draft()));
    }
}
