using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Market.Application.Sources.Commands.DeleteMarketSource;
using Market.Application.Tests.Infrastructure;
using Market.Domain.Catalog;
using Market.Domain.Common;
using Market.Domain.Settings;
using Market.Domain.Sources;
using Microsoft.EntityFrameworkCore;
using Moq;

namespace Market.Application.Tests.Sources;

public sealed class DeleteMarketSourceCommandHandlerTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);

    private TestDatabase _database = null!;
    private Mock<IMarketEventBus> _events = null!;

    [SetUp]
    public async Task SetUp()
    {
        _database = new TestDatabase();
        _events = new Mock<IMarketEventBus>();
        await using var db = _database.CreateContext();
        var mine = MarketSource.AddRemote("market.mine", "Mine", "https://mine.example", "", TestDatabase.SeededAt);
        db.MarketSources.Add(mine);
        db.CatalogApps.Add(new CatalogApp("market.mine", "", "app1", "firefox"));
        var alice = UserMarketSettings.Default("alice", TestDatabase.SeededAt);
        alice.Select(mine, nsfw: true, TestDatabase.SeededAt);
        db.UserSettings.AddRange(alice, UserMarketSettings.Default("bob", TestDatabase.SeededAt));
        await db.SaveChangesAsync();
    }

    [TearDown]
    public void TearDown() => _database.Dispose();

    [TestCase("market.olares")]
    [TestCase("upload")]
    [TestCase("cli")]
    public async Task Built_in_sources_are_refused(string id)
    {
        await using var db = _database.CreateContext();
        var handler = new DeleteMarketSourceCommandHandler(db, _events.Object, new FixedClock(Now));

        var error = Assert.ThrowsAsync<DomainException>(async () => await handler.Handle(new DeleteMarketSourceCommand(id), CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(DomainErrorKind.Invalid));
        Assert.That(error.Message, Is.EqualTo($"built-in market source '{id}' cannot be deleted"));
        _events.VerifyNoOtherCalls();
        await using var check = _database.CreateContext();
        Assert.That(await check.MarketSources.AnyAsync(s => s.Id == id), Is.True);
    }

    [Test]
    public async Task An_unknown_source_is_not_found()
    {
        await using var db = _database.CreateContext();
        var handler = new DeleteMarketSourceCommandHandler(db, _events.Object, new FixedClock(Now));

        var error = Assert.ThrowsAsync<NotFoundException>(async () =>
            await handler.Handle(new DeleteMarketSourceCommand("market.none"), CancellationToken.None));

        Assert.That(error!.Message, Is.EqualTo("source with ID market.none not found"));
    }

    [Test]
    public async Task Deleting_removes_the_source_and_its_catalog_and_moves_its_users_back_to_the_official_market()
    {
        await using var db = _database.CreateContext();
        var handler = new DeleteMarketSourceCommandHandler(db, _events.Object, new FixedClock(Now));

        var result = await handler.Handle(new DeleteMarketSourceCommand("market.mine"), CancellationToken.None);

        Assert.That(result.Sources.Select(s => s.Id), Does.Not.Contain("market.mine"));
        await using var check = _database.CreateContext();
        Assert.That(await check.MarketSources.AnyAsync(s => s.Id == "market.mine"), Is.False);
        Assert.That(await check.CatalogApps.AnyAsync(a => a.SourceId == "market.mine"), Is.False);
        var alice = await check.UserSettings.SingleAsync(s => s.UserId == "alice");
        Assert.That(alice.SelectedSource, Is.EqualTo(MarketSource.OfficialId));
        Assert.That(alice.Nsfw, Is.True, "only the source falls back; the user's nsfw choice stays");
        Assert.That(alice.UpdatedAt, Is.EqualTo(Now.UtcDateTime));
        _events.Verify(e => e.PublishAsync(
            It.Is<MarketEvent>(m => m.User == "" && m.Payload["extensions"]!["change"]!.GetValue<string>() == "deleted"),
            It.IsAny<CancellationToken>()), Times.Once);
    }
}
