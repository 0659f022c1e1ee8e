using Market.Application.Apps.Commands.ApplyAppStateEvent;
using Market.Application.Apps.Operations;
using Market.Application.Common.Behaviours;
using Market.Application.Common.Events;
using Market.Application.Common.Interfaces;
using Market.Application.Tasks.Commands.ApplyRuntimeReport;
using Market.Application.Tests.Infrastructure;
using Market.Domain.Apps;
using Market.Domain.Tasks;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace Market.Application.Tests.Apps;

/// <summary>
/// The two ways one task's app state arrives, together: app-service's announcement (NATS) and the follower's
/// poll, both through <see cref="UserApp.ApplyState"/> and saved by the unit of work.
/// </summary>
public sealed class AppStateIntakeRaceTests
{
    private static readonly DateTime T0 = new(2026, 5, 15, 6, 36, 6, DateTimeKind.Utc);

    private TestDatabase _database = null!;
    private List<MarketEvent> _pushed = null!;
    private FixedClock _clock = null!;
    private string _taskId = string.Empty;

    [SetUp]
    public void SetUp()
    {
        _database = new TestDatabase();
        _pushed = [];
        _clock = new FixedClock(new DateTimeOffset(T0.AddSeconds(5)));
        using var db = _database.CreateContext();
        var app = UserApp.Create("alice", "notes", "notes", T0);
        var task = app.BeginInstall(new AppListing("upload", "n0tes123", "1.0.0", "notes", string.Empty, []), new TaskDraft("host", TimeSpan.FromSeconds(20), "{}", null, T0));
        app.ApplyState(AppStateChange.Polled(OpType.Install, new RuntimeReport(AppState.Downloading.ToWire(), "50")), T0.AddSeconds(1));
        db.UserApps.Add(app);
        db.AppTasks.Add(task);
        db.SaveChanges();
        _taskId = task.Id;
    }

    [TearDown]
    public void TearDown() => _database.Dispose();

    [Test]
    public async Task A_poll_read_before_an_announcement_is_judged_again_and_cannot_undo_it()
    {
        await using var pollDb = _database.CreateContext();
        // The follower's step read the app before app-service's announcement was saved …
        _ = await pollDb.UserApps.SingleAsync(a => a.AppName == "notes");
        var announced = await AnnounceAsync(AppState.Installing.ToWire(), "2026-05-15T06:36:09Z");

        // … so its save meets the announcement: the unit of work reads again, and the state machine refuses going back.
        var polled = await PollAsync(pollDb, new RuntimeReport(AppState.Downloading.ToWire(), "75"));

        Assert.That((announced, polled), Is.EqualTo((AppStateEventOutcome.Applied, (UserApp?)null)));
        var app = await AppAsync();
        Assert.That((app.State, app.Progress), Is.EqualTo((AppState.Installing, string.Empty)));
        Assert.That(_pushed, Has.Count.EqualTo(1), "the change is published once, by the announcement");
    }

    [Test]
    public async Task A_poll_ahead_of_the_announcement_moves_on_and_a_later_announcement_still_wins()
    {
        await using (var pollDb = _database.CreateContext())
        {
            _ = await pollDb.UserApps.SingleAsync(a => a.AppName == "notes");
            await AnnounceAsync(AppState.Downloading.ToWire(), "2026-05-15T06:36:08Z");

            var polled = await PollAsync(pollDb, new RuntimeReport(AppState.Installing.ToWire()));

            Assert.That(polled?.State, Is.EqualTo(AppState.Installing), "forward along the install: applied after the reread");
        }

        var late = await AnnounceAsync(AppState.Downloading.ToWire(), "2026-05-15T06:36:07Z");
        var newer = await AnnounceAsync(AppState.Initializing.ToWire(), "2026-05-15T06:36:10Z");

        Assert.That((late, newer), Is.EqualTo((AppStateEventOutcome.Stale, AppStateEventOutcome.Applied)));
        Assert.That((await AppAsync()).State, Is.EqualTo(AppState.Initializing));
    }

    private async Task<AppStateEventOutcome> AnnounceAsync(string state, string createTime)
    {
        await using var db = _database.CreateContext();
        var bus = new Mock<IMarketEventBus>();
        bus.Setup(b => b.PublishAsync(It.IsAny<MarketEvent>(), It.IsAny<CancellationToken>()))
            .Callback<MarketEvent, CancellationToken>((e, _) => _pushed.Add(e)).Returns(ValueTask.CompletedTask);
        var states = new AppStatePublisher(Mock.Of<IHotStateStore>(), bus.Object, _clock, NullLogger<AppStatePublisher>.Instance);
        var handler = new ApplyAppStateEventCommandHandler(db, Mock.Of<IAppStateFeed>(), states, _clock);
        var command = new ApplyAppStateEventCommand
        {
            User = "alice", MarketSource = "upload", Name = "notes", RawAppName = "notes", CreateTime = createTime, OpId = "op-1",
            OpType = OpType.Install.ToWire(), State = state,
        };
        return await new UnitOfWorkBehaviour<ApplyAppStateEventCommand, AppStateEventOutcome>(db).Handle(command, handler.Handle, default);
    }

    private async Task<UserApp?> PollAsync(IMarketDbContext db, RuntimeReport report)
    {
        var handler = new ApplyRuntimeReportCommandHandler(db, _clock);
        var command = new ApplyRuntimeReportCommand(_taskId, OpType.Install, report);
        return await new UnitOfWorkBehaviour<ApplyRuntimeReportCommand, UserApp?>(db).Handle(command, handler.Handle, default);
    }

    private async Task<UserApp> AppAsync()
    {
        await using var db = _database.CreateContext();
        return await db.UserApps.AsNoTracking().SingleAsync(a => a.AppName == "notes");
    }
}
