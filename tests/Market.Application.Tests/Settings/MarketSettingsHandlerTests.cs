using Market.Application.Common.Interfaces;
using Market.Application.Settings.Commands.UpdateMarketSettings;
using Market.Application.Settings.Queries.GetMarketSettings;
using Market.Application.Tests.Infrastructure;
using Market.Domain.Common;
using Market.Domain.Sources;
using Moq;

namespace Market.Application.Tests.Settings;

public sealed class MarketSettingsHandlerTests
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
        db.MarketSources.Add(MarketSource.AddRemote("market.mine", "Mine", "https://mine.example", "", TestDatabase.SeededAt));
        await db.SaveChangesAsync();
    }

    [TearDown]
    public void TearDown() => _database.Dispose();

    [Test]
    public async Task A_user_without_settings_gets_the_official_market_without_nsfw()
    {
        await using var db = _database.CreateContext();

        var settings = await new GetMarketSettingsQueryHandler(db).Handle(new GetMarketSettingsQuery("alice"), CancellationToken.None);

        Assert.That(settings.SelectedSource, Is.EqualTo("market.olares"));
        Assert.That(settings.Nsfw, Is.False);
    }

    [Test]
    public async Task Update_stores_the_choice_for_that_user_only()
    {
        await UpdateAsync("alice", " market.mine ", nsfw: true);

        await using var db = _database.CreateContext();
        var alice = await new GetMarketSettingsQueryHandler(db).Handle(new GetMarketSettingsQuery("alice"), CancellationToken.None);
        var bob = await new GetMarketSettingsQueryHandler(db).Handle(new GetMarketSettingsQuery("bob"), CancellationToken.None);
        Assert.That((alice.SelectedSource, alice.Nsfw), Is.EqualTo(("market.mine", true)));
        Assert.That((bob.SelectedSource, bob.Nsfw), Is.EqualTo(("market.olares", false)));
    }

    [Test]
    public async Task A_second_update_replaces_the_first()
    {
        await UpdateAsync("alice", "market.mine", nsfw: true);
        var result = await UpdateAsync("alice", "market.olares", nsfw: false);

        Assert.That((result.SelectedSource, result.Nsfw), Is.EqualTo(("market.olares", false)));
        await using var db = _database.CreateContext();
        Assert.That(db.UserSettings.Count(s => s.UserId == "alice"), Is.EqualTo(1));
    }

    [Test]
    public async Task Update_publishes_an_event_for_that_user()
    {
        await UpdateAsync("alice", "market.mine", nsfw: false);

        _events.Verify(e => e.PublishAsync(
            It.Is<MarketEvent>(m => m.User == "alice" && m.NotifyType == MarketEvent.MarketSystemPoint
                && m.Payload["point"]!.GetValue<string>() == "market_settings_changed"),
            It.IsAny<CancellationToken>()), Times.Once);
    }

    [TestCase("market.none")]
    [TestCase("")]
    [TestCase(null)]
    public void An_unknown_or_empty_source_does_not_exist(string? source)
    {
        var error = Assert.ThrowsAsync<DomainException>(async () => await UpdateAsync("alice", source, nsfw: false));

        Assert.That(error!.Kind, Is.EqualTo(DomainErrorKind.NotFound));
        Assert.That(error.Message, Is.EqualTo("selected_source does not exist"));
        _events.VerifyNoOtherCalls();
    }

    [Test]
    public async Task A_local_source_is_refused_and_nothing_is_stored()
    {
        var error = Assert.ThrowsAsync<DomainException>(async () => await UpdateAsync("alice", "upload", nsfw: true));

        Assert.That(error!.Kind, Is.EqualTo(DomainErrorKind.Invalid));
        Assert.That(error.Message, Is.EqualTo("selected_source must reference a remote source"));
        await using var db = _database.CreateContext();
        Assert.That(db.UserSettings.Any(s => s.UserId == "alice"), Is.False);
    }

    private async Task<Application.Settings.Models.MarketSettingsDto> UpdateAsync(string user, string? source, bool nsfw)
    {
        await using var db = _database.CreateContext();
        var handler = new UpdateMarketSettingsCommandHandler(db, _events.Object, new FixedClock(Now));
        return await handler.Handle(new UpdateMarketSettingsCommand(user, source, nsfw), CancellationToken.None);
    }
}
