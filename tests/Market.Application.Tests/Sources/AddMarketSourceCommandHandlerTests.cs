using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Market.Application.Sources.Commands.AddMarketSource;
using Market.Application.Tests.Infrastructure;
using Market.Domain.Sources;
using Microsoft.EntityFrameworkCore;
using Moq;

namespace Market.Application.Tests.Sources;

public sealed class AddMarketSourceCommandHandlerTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);

    private TestDatabase _database = null!;
    private Mock<IRemoteUrlGuard> _guard = null!;
    private Mock<IMarketEventBus> _events = null!;

    [SetUp]
    public void SetUp()
    {
        _database = new TestDatabase();
        _guard = new Mock<IRemoteUrlGuard>();
        _guard.Setup(g => g.CheckAsync(It.IsAny<Uri>(), It.IsAny<CancellationToken>())).ReturnsAsync((string?)null);
        _events = new Mock<IMarketEventBus>();
    }

    [TearDown]
    public void TearDown() => _database.Dispose();

    [Test]
    public async Task Adds_a_remote_source_and_answers_the_whole_configuration()
    {
        await using var db = _database.CreateContext();
        var handler = new AddMarketSourceCommandHandler(db, _guard.Object, _events.Object, new FixedClock(Now));

        var result = await handler.Handle(
            new AddMarketSourceCommand(" market.mine ", " Mine ", "remote", " https://mine.example/ ", "my apps"), CancellationToken.None);

        Assert.That(result.DefaultSource, Is.EqualTo(MarketSource.OfficialId));
        Assert.That(result.UpdatedAt, Is.EqualTo(Now.UtcDateTime), "the newest change of any source");
        var added = result.Sources.Single(s => s.Id == "market.mine");
        Assert.Multiple(() =>
        {
            Assert.That(added.Name, Is.EqualTo("Mine"));
            Assert.That(added.Type, Is.EqualTo("remote"));
            Assert.That(added.BaseUrl, Is.EqualTo("https://mine.example"));
            Assert.That(added.Description, Is.EqualTo("my apps"));
            Assert.That(result.Sources.Select(s => s.Id), Is.SupersetOf(new[] { "market.olares", "upload", "studio", "cli" }));
        });

        await using var check = _database.CreateContext();
        var stored = await check.MarketSources.SingleAsync(s => s.Id == "market.mine");
        Assert.That(stored.BaseUrl, Is.EqualTo("https://mine.example"));
        Assert.That(stored.IsBuiltIn, Is.False);
    }

    [Test]
    public async Task Adding_publishes_a_broadcast_event()
    {
        await using var db = _database.CreateContext();
        var handler = new AddMarketSourceCommandHandler(db, _guard.Object, _events.Object, new FixedClock(Now));

        await handler.Handle(new AddMarketSourceCommand("market.mine", "Mine", null, "https://mine.example", null), CancellationToken.None);

        _events.Verify(e => e.PublishAsync(
            It.Is<MarketEvent>(m => m.User == "" && m.NotifyType == MarketEvent.MarketSystemPoint
                && m.Payload["point"]!.GetValue<string>() == "market_source_changed"
                && m.Payload["extensions"]!["source"]!.GetValue<string>() == "market.mine"),
            It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task A_duplicate_id_is_a_conflict_and_changes_nothing()
    {
        await using var db = _database.CreateContext();
        var handler = new AddMarketSourceCommandHandler(db, _guard.Object, _events.Object, new FixedClock(Now));

        var error = Assert.ThrowsAsync<ConflictException>(async () =>
            await handler.Handle(new AddMarketSourceCommand("market.olares", "Copy", null, "https://copy.example", null), CancellationToken.None));

        Assert.That(error!.Message, Is.EqualTo("source with ID market.olares already exists"));
        _events.VerifyNoOtherCalls();
        await using var check = _database.CreateContext();
        Assert.That((await check.MarketSources.SingleAsync(s => s.Id == "market.olares")).BaseUrl, Is.EqualTo("https://appstore.example"));
    }

    [Test]
    public async Task A_private_url_refused_by_the_guard_is_a_bad_request_naming_base_url()
    {
        _guard.Setup(g => g.CheckAsync(It.Is<Uri>(u => u.Host == "10.0.0.5"), It.IsAny<CancellationToken>()))
            .ReturnsAsync("private or loopback addresses are not allowed");
        await using var db = _database.CreateContext();
        var handler = new AddMarketSourceCommandHandler(db, _guard.Object, _events.Object, new FixedClock(Now));

        var error = Assert.ThrowsAsync<BadRequestException>(async () =>
            await handler.Handle(new AddMarketSourceCommand("market.lan", "LAN", null, "http://10.0.0.5:8080", null), CancellationToken.None));

        Assert.That(error!.Message, Is.EqualTo("base_url: private or loopback addresses are not allowed"));
        _events.VerifyNoOtherCalls();
        await using var check = _database.CreateContext();
        Assert.That(await check.MarketSources.AnyAsync(s => s.Id == "market.lan"), Is.False);
    }
}
