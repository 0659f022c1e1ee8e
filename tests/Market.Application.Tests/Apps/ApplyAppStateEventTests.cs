using System.Text.Json.Nodes;
using Market.Application.Apps.Commands.ApplyAppStateEvent;
using Market.Application.Apps.Operations;
using Market.Application.Common.Events;
using Market.Application.Common.Interfaces;
using Market.Application.Tests.Infrastructure;
using Market.Domain.Apps;
using Market.Domain.Tasks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace Market.Application.Tests.Apps;

/// <summary>app-service's announcements applied with the original's rules (original-data-and-sync §10.2).</summary>
public sealed class ApplyAppStateEventTests
{
    private static readonly DateTime T0 = new(2026, 5, 15, 6, 36, 6, DateTimeKind.Utc);

    private TestDatabase _database = null!;
    private ServiceProvider _services = null!;
    private List<MarketEvent> _pushed = null!;
    private List<AppStateReport> _recorded = null!;
    private ApplyAppStateEventCommandHandler _handler = null!;

    [SetUp]
    public void SetUp()
    {
        _database = new TestDatabase();
        _services = new ServiceCollection().AddScoped<IMarketDbContext>(_ => _database.CreateContext()).BuildServiceProvider();
        _pushed = [];
        _recorded = [];
        var bus = new Mock<IMarketEventBus>();
        bus.Setup(b => b.PublishAsync(It.IsAny<MarketEvent>(), It.IsAny<CancellationToken>()))
            .Callback<MarketEvent, CancellationToken>((e, _) => _pushed.Add(e)).Returns(ValueTask.CompletedTask);
        var feed = new Mock<IAppStateFeed>();
        feed.Setup(f => f.RecordAsync(It.IsAny<AppStateReport>(), It.IsAny<CancellationToken>()))
            .Callback<AppStateReport, CancellationToken>((r, _) => _recorded.Add(r)).Returns(ValueTask.CompletedTask);
        var clock = new FixedClock(new DateTimeOffset(T0));
        var states = new AppStatePublisher(Mock.Of<IHotStateStore>(), bus.Object, clock, NullLogger<AppStatePublisher>.Instance);
        _handler = new ApplyAppStateEventCommandHandler(_services.GetRequiredService<IMarketDbContext>(), feed.Object, states, clock);

        using var db = _database.CreateContext();
        var app = UserApp.Create("alice", "notes", "notes", T0);
        app.BeginInstall(
            new AppListing("upload", "n0tes123", "1.0.0", "notes", string.Empty, [new AppEntrance { Name = "notes", Url = "n0tes123.alice.olares.local", State = AppEntrance.NotReady }]),
            new TaskDraft("host", TimeSpan.FromSeconds(20), "{}", null, T0));
        db.UserApps.Add(app);
        db.SaveChanges();
    }

    [TearDown]
    public void TearDown()
    {
        _services.Dispose();
        _database.Dispose();
    }

    [TestCase("", "upload", "notes", "notes", "2026-05-15T06:36:07.123456789Z", TestName = "no user")]
    [TestCase("alice", "", "notes", "notes", "2026-05-15T06:36:07Z", TestName = "no source")]
    [TestCase("alice", "upload", "", "notes", "2026-05-15T06:36:07Z", TestName = "no name")]
    [TestCase("alice", "upload", "notes", "", "2026-05-15T06:36:07Z", TestName = "no raw name")]
    [TestCase("alice", "upload", "notes", "notes", "yesterday", TestName = "unparsable createTime")]
    [TestCase("alice", "upload", "notes", "notes", "", TestName = "no createTime")]
    public async Task An_incomplete_announcement_is_dropped(string user, string source, string name, string raw, string createTime)
    {
        var outcome = await _handler.Handle(Command(AppState.Downloading.ToWire(), createTime) with { User = user, MarketSource = source, Name = name, RawAppName = raw }, default);

        Assert.That(outcome, Is.EqualTo(AppStateEventOutcome.Invalid));
        Assert.That((await AppAsync()).State, Is.EqualTo(AppState.Pending));
        Assert.That(_pushed, Is.Empty);
    }

    [Test]
    public async Task A_newer_announcement_is_applied_recorded_and_pushed_and_an_older_one_is_ignored()
    {
        var applied = await _handler.Handle(Command(AppState.Downloading.ToWire(), "2026-05-15T06:36:08.000000001Z") with
        {
            Progress = "30",
            EntranceStates = new Dictionary<string, string> { ["notes"] = "notReady" },
        }, default);
        var older = await _handler.Handle(Command(AppState.Pending.ToWire(), "2026-05-15T06:36:08Z"), default);

        Assert.That((applied, older), Is.EqualTo((AppStateEventOutcome.Applied, AppStateEventOutcome.Stale)));
        var app = await AppAsync();
        Assert.That((app.State, app.Progress), Is.EqualTo((AppState.Downloading, "30")));
        Assert.That(app.Entrances[0].Url, Is.EqualTo("n0tes123.alice.olares.local"), "entrances kept");
        Assert.That(_pushed.Select(e => (e.User, e.NotifyType)), Is.EqualTo(new[] { ("alice", MarketEvent.AppStateChange) }));
        Assert.That(_recorded.Single().OpId, Is.EqualTo("op-7"));
    }

    [Test]
    public async Task An_announcement_for_an_app_market_does_not_know_writes_nothing()
    {
        var outcome = await _handler.Handle(Command(AppState.Running.ToWire(), "2026-05-15T06:36:09Z") with { MarketSource = "market.olares" }, default);

        Assert.That(outcome, Is.EqualTo(AppStateEventOutcome.UnknownApp));
        Assert.That(_pushed, Is.Empty);
    }

    private static ApplyAppStateEventCommand Command(string state, string createTime) => new()
    {
        User = "alice",
        MarketSource = "upload",
        Name = "notes",
        RawAppName = "notes",
        CreateTime = createTime,
        OpId = "op-7",
        OpType = OpType.Install.ToWire(),
        State = state,
    };

    private async Task<UserApp> AppAsync()
    {
        await using var db = _database.CreateContext();
        return await db.UserApps.AsNoTracking().SingleAsync(a => a.AppName == "notes");
    }
}
