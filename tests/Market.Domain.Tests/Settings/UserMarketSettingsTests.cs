using Market.Domain.Common;
using Market.Domain.Settings;
using Market.Domain.Sources;

namespace Market.Domain.Tests.Settings;

public sealed class UserMarketSettingsTests
{
    private static readonly DateTime Now = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    [Test]
    public void Defaults_to_the_built_in_remote_without_nsfw()
    {
        var settings = UserMarketSettings.Default("alice", Now);

        Assert.That(settings.SelectedSource, Is.EqualTo(MarketSource.OfficialId));
        Assert.That(settings.Nsfw, Is.False);
    }

    [Test]
    public void Selecting_an_unknown_source_is_not_found()
    {
        var settings = UserMarketSettings.Default("alice", Now);

        var error = Assert.Throws<DomainException>(() => settings.Select(null, true, Now));

        Assert.That(error!.Kind, Is.EqualTo(DomainErrorKind.NotFound));
        Assert.That(error.Message, Is.EqualTo("selected_source does not exist"));
        Assert.That(settings.SelectedSource, Is.EqualTo(MarketSource.OfficialId), "unchanged after a refusal");
        Assert.That(settings.Nsfw, Is.False);
    }

    [Test]
    public void Selecting_a_local_source_is_refused()
    {
        var settings = UserMarketSettings.Default("alice", Now);
        var upload = MarketSource.BuiltInLocal(MarketSource.UploadId, "Upload", "", Now);

        var error = Assert.Throws<DomainException>(() => settings.Select(upload, false, Now));

        Assert.That(error!.Kind, Is.EqualTo(DomainErrorKind.Invalid));
        Assert.That(error.Message, Is.EqualTo("selected_source must reference a remote source"));
        Assert.That(settings.SelectedSource, Is.EqualTo(MarketSource.OfficialId));
    }

    [Test]
    public void Selecting_a_remote_source_stores_it_with_the_nsfw_flag()
    {
        var settings = UserMarketSettings.Default("alice", Now);
        var remote = MarketSource.AddRemote("market.mine", "Mine", "https://mine.example", "", Now);
        var later = Now.AddMinutes(5);

        settings.Select(remote, true, later);

        Assert.That(settings.SelectedSource, Is.EqualTo("market.mine"));
        Assert.That(settings.Nsfw, Is.True);
        Assert.That(settings.UpdatedAt, Is.EqualTo(later));
    }

    [TestCase("market.mine", "market.mine", TestName = "an existing remote is shown")]
    [TestCase("market.gone", MarketSource.OfficialId, TestName = "a deleted remote falls back to the official one")]
    [TestCase(null, MarketSource.OfficialId, TestName = "no choice shows the official remote")]
    public void The_visible_remote_is_the_selected_one_while_it_exists(string? selected, string expected)
    {
        var remotes = new HashSet<string> { MarketSource.OfficialId, "market.mine" };
        Assert.That(UserMarketSettings.VisibleRemote(selected, remotes), Is.EqualTo(expected));
    }
}
