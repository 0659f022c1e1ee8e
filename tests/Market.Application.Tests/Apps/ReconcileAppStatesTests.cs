using Market.Application.Apps.Commands.ReconcileAppStates;
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

/// <summary>The reconcile with app-service's list after start and every NATS reconnect (original-data-and-sync §10.4).</summary>
public sealed class ReconcileAppStatesTests
{
    private static readonly DateTime T0 = new(2026, 5, 15, 6, 36, 6, DateTimeKind.Utc);

    private TestDatabase _database = null!;
    private ServiceProvider _services = null!;
    private List<MarketEvent> _pushed = null!;

    [SetUp]
    public void SetUp()
    {
        _database = new TestDatabase();
        _services = new ServiceCollection().AddScoped<IMarketDbContext>(_ => _database.CreateContext()).BuildServiceProvider();
        _pushed = [];
        using var db = _database.CreateContext();
        foreach (var (name, state) in new[] { ("notes", AppState.Running), ("ghost", AppState.Running), ("gone", AppState.Uninstalled) })
        {
            var app = UserApp.Create("alice", name, name, T0);
            app.BeginInstall(new AppListing("upload", name, "1.0.0", name, string.Empty, []), new TaskDraft("host", TimeSpan.FromSeconds(20), "{}", null, T0));
            app.ApplyState(new AppStateChange(AppStateSource.Reconcile, OpType.Install, new RuntimeReport(state.ToWire())), T0);
            db.UserApps.Add(app);
        }

        db.SaveChanges();
    }

    [TearDown]
    public void TearDown()
    {
        _services.Dispose();
        _database.Dispose();
    }

    [Test]
    public async Task A_different_state_is_taken_over_and_an_app_app_service_lost_is_uninstalled()
    {
        var corrected = await HandleAsync(listedAt: T0.AddMinutes(1), new RuntimeAppEntry("alice", "notes", "stop", AppState.Stopped.ToWire(), null));

        Assert.That(corrected, Is.EqualTo(2));
        Assert.That(await StatesAsync(), Is.EqualTo(new Dictionary<string, AppState>
        {
            ["notes"] = AppState.Stopped,
            ["ghost"] = AppState.Uninstalled,
            ["gone"] = AppState.Uninstalled,
        }));
        Assert.That(_pushed.Select(e => e.Payload["app_name"]!.GetValue<string>()), Is.EquivalentTo(new[] { "notes", "ghost" }));
    }

    [Test]
    public async Task An_app_changed_after_the_list_was_taken_is_left_alone()
    {
        var corrected = await HandleAsync(listedAt: T0, new RuntimeAppEntry("alice", "notes", "stop", AppState.Stopped.ToWire(), null));

        Assert.That(corrected, Is.Zero);
        Assert.That((await StatesAsync())["ghost"], Is.EqualTo(AppState.Running));
        Assert.That(_pushed, Is.Empty);
    }

    private async Task<int> HandleAsync(DateTime listedAt, params RuntimeAppEntry[] apps)
    {
        var bus = new Mock<IMarketEventBus>();
        bus.Setup(b => b.PublishAsync(It.IsAny<MarketEvent>(), It.IsAny<CancellationToken>()))
            .Callback<MarketEvent, CancellationToken>((e, _) => _pushed.Add(e)).Returns(ValueTask.CompletedTask);
        var clock = new FixedClock(new DateTimeOffset(listedAt.AddSeconds(1)));
        await using var db = _database.CreateContext();
        var handler = new ReconcileAppStatesCommandHandler(db,
            new AppStatePublisher(Mock.Of<IHotStateStore>(), bus.Object, clock, NullLogger<AppStatePublisher>.Instance), clock);
        return await handler.Handle(new ReconcileAppStatesCommand(apps, listedAt), default);
    }

    private async Task<Dictionary<string, AppState>> StatesAsync()
    {
        await using var db = _database.CreateContext();
        return await db.UserApps.AsNoTracking().ToDictionaryAsync(a => a.AppName, a => a.State);
    }
}
