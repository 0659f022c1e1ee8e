using Market.Application.Apps.Commands.BeginOperation;
using Market.Application.Apps.Operations;
using Market.Application.Common.Behaviours;
using Market.Application.Common.Events;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Market.Application.Common.Runtime;
using Market.Application.Tasks.Engine;
using Market.Application.Tests.Infrastructure;
using Market.Domain.Apps;
using Market.Domain.Common;
using Market.Domain.Tasks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Mediator;
using Moq;

namespace Market.Application.Tests.Apps;

/// <summary>Starting an operation: the app's transition and its task in one transaction, one operation per app.</summary>
public sealed class OperationStarterTests
{
    private static readonly AppListing Firefox = new("upload", "a1b2c3d4", "1.0.0", "Firefox", string.Empty, []);
    private TestDatabase _database = null!;
    private Mock<ITaskQueue> _queue = null!;

    [SetUp]
    public void SetUp()
    {
        _database = new TestDatabase();
        _queue = new Mock<ITaskQueue>();
        _queue.SetupGet(q => q.HostId).Returns("host-a");
    }

    [TearDown]
    public void TearDown() => _database.Dispose();

    [Test]
    public async Task An_install_saves_the_pending_app_its_task_and_the_history_together_and_wakes_the_workers()
    {
        var task = await StartAsync(Install("firefox"));

        await using var db = _database.CreateContext();
        var app = await db.UserApps.SingleAsync(a => a.UserId == "alice" && a.AppName == "firefox");
        Assert.That((app.State, app.OpType, app.Title), Is.EqualTo((AppState.Pending, OpType.Install, "Firefox")));
        var stored = await db.AppTasks.SingleAsync(t => t.Id == task.Id);
        Assert.That((stored.Type, stored.Status, stored.LeaseOwner, stored.Version), Is.EqualTo((OpType.Install, AppTaskStatus.Pending, "host-a", "1.0.0")));
        Assert.That(await db.HistoryRecords.CountAsync(h => h.Account == "alice"), Is.EqualTo(1));
        Assert.That(stored.PriorState, Is.EqualTo(AppState.None), "a new app had no state before");
        _queue.Verify(q => q.NotifyCreated(), Times.Once);
    }

    [Test]
    public async Task A_second_operation_while_one_is_active_is_refused_as_busy()
    {
        await StartAsync(Install("firefox"));

        var busy = Assert.ThrowsAsync<DomainException>(() => StartAsync(Install("firefox")))!;
        Assert.That((busy.Kind, busy.Message), Is.EqualTo((DomainErrorKind.Conflict, "Another operation on app firefox is already in progress")));
    }

    [Test]
    public async Task A_repeated_key_answers_with_the_first_task_and_publishes_nothing_new()
    {
        var first = await StartAsync(Install("firefox"), key: "k1");

        var repeat = await StartAsync(Install("firefox"), key: "k1");

        Assert.That(repeat.Id, Is.EqualTo(first.Id));
        await using var db = _database.CreateContext();
        Assert.That(await db.AppTasks.CountAsync(), Is.EqualTo(1));
        _queue.Verify(q => q.NotifyCreated(), Times.Once);
    }

    [Test]
    public async Task A_cancel_targets_the_install_in_progress()
    {
        var install = await StartAsync(Install("firefox"));

        var cancel = await StartAsync(new OperationPlan("alice", OpType.Cancel, "firefox", new TaskRequest(), (app, draft) => app.BeginCancel(draft)));

        await using var db = _database.CreateContext();
        Assert.That((await db.AppTasks.SingleAsync(t => t.Id == cancel.Id)).CancelsTaskId, Is.EqualTo(install.Id));
        Assert.That((await db.UserApps.SingleAsync()).State, Is.EqualTo(AppState.PendingCanceling));
    }

    [Test]
    public void Operations_on_an_app_the_user_does_not_have_say_so()
    {
        var upgrade = Assert.ThrowsAsync<DomainException>(() =>
            StartAsync(new OperationPlan("alice", OpType.Upgrade, "ghost", new TaskRequest(), (app, draft) => app.BeginUpgrade(Firefox, draft))))!;
        Assert.That(upgrade.Message, Is.EqualTo("App ghost is not installed"));

        var cancel = Assert.ThrowsAsync<DomainException>(() =>
            StartAsync(new OperationPlan("alice", OpType.Cancel, "ghost", new TaskRequest(), (app, draft) => app.BeginCancel(draft))))!;
        Assert.That(cancel.Message, Is.EqualTo("No installation of app ghost is in progress"));
    }

    private static OperationPlan Install(string name) =>
        new("alice", OpType.Install, name, new TaskRequest { Source = "upload", Version = "1.0.0" }, (app, draft) => app.BeginInstall(Firefox, draft))
        {
            NewAppChartName = name,
        };

    private async Task<AppTask> StartAsync(OperationPlan plan, string? key = null)
    {
        await using var db = _database.CreateContext();
        var clock = TimeProvider.System;
        var publisher = new AppStatePublisher(Mock.Of<IHotStateStore>(), Mock.Of<IMarketEventBus>(), clock, NullLogger<AppStatePublisher>.Instance);
        var handler = new BeginOperationCommandHandler(db, _queue.Object, new TaskSecretVault(new ReversingSecretProtector()), clock, Options.Create(new TasksOptions()));
        var unitOfWork = new UnitOfWorkBehaviour<BeginOperationCommand, BegunOperation>(db);
        var sender = new Mock<ISender>();
        sender.Setup(s => s.Send(It.IsAny<BeginOperationCommand>(), It.IsAny<CancellationToken>()))
            .Returns((BeginOperationCommand command, CancellationToken ct) => unitOfWork.Handle(command, handler.Handle, ct));
        return await new OperationStarter(sender.Object, publisher, _queue.Object).StartAsync(plan, key, CancellationToken.None);
    }
}
