using Market.Domain.Common;
using Market.Domain.Sources;

namespace Market.Domain.Tests.Sources;

public sealed class MarketSourceTests
{
    private static readonly DateTime Now = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    [TestCase(MarketSource.UploadId)]
    [TestCase(MarketSource.StudioId)]
    [TestCase(MarketSource.CliId)]
    [TestCase(MarketSource.DemoId)]
    public void Built_in_local_sources_cannot_be_deleted(string id)
    {
        var source = MarketSource.BuiltInLocal(id, id, "built in", Now);

        var error = Assert.Throws<DomainException>(source.EnsureDeletable);

        Assert.That(error!.Kind, Is.EqualTo(DomainErrorKind.Invalid));
        Assert.That(error.Message, Is.EqualTo($"built-in market source '{id}' cannot be deleted"));
    }

    [Test]
    public void The_built_in_remote_cannot_be_deleted()
    {
        var source = MarketSource.BuiltInRemote(MarketSource.OfficialId, "Olares Market", "https://appstore.example", "", Now);

        Assert.Throws<DomainException>(source.EnsureDeletable);
    }

    [Test]
    public void An_added_remote_source_can_be_deleted()
    {
        var source = MarketSource.AddRemote("market.mine", "Mine", "https://mine.example", "", Now);

        Assert.DoesNotThrow(source.EnsureDeletable);
    }

    [Test]
    public void Built_in_sources_have_the_wire_shape_of_the_original()
    {
        var remote = MarketSource.BuiltInRemote(MarketSource.OfficialId, "Olares Market", "https://appstore.example/", "", Now);
        var local = MarketSource.BuiltInLocal(MarketSource.UploadId, "Upload", "", Now);

        Assert.Multiple(() =>
        {
            Assert.That(remote.Type, Is.EqualTo(MarketSourceType.Remote));
            Assert.That(remote.Priority, Is.EqualTo(100));
            Assert.That(remote.IsActive, Is.True);
            Assert.That(local.Type, Is.EqualTo(MarketSourceType.Local));
            Assert.That(local.BaseUrl, Is.EqualTo("file://"));
            Assert.That(local.Priority, Is.EqualTo(50));
        });
    }

    [Test]
    public void AddRemote_trims_every_value_and_the_trailing_slash()
    {
        var source = MarketSource.AddRemote("  market.mine ", "  My market  ", " https://mine.example/market/ ", "  mine  ", Now);

        Assert.Multiple(() =>
        {
            Assert.That(source.Id, Is.EqualTo("market.mine"));
            Assert.That(source.Name, Is.EqualTo("My market"));
            Assert.That(source.BaseUrl, Is.EqualTo("https://mine.example/market"));
            Assert.That(source.Description, Is.EqualTo("mine"));
            Assert.That(source.Type, Is.EqualTo(MarketSourceType.Remote));
            Assert.That(source.IsBuiltIn, Is.False);
            Assert.That(source.UpdatedAt, Is.EqualTo(Now));
        });
    }

    [Test]
    public void AddRemote_names_the_source_after_its_id_when_no_name_is_given()
    {
        var source = MarketSource.AddRemote("market.mine", "   ", "https://mine.example", "", Now);

        Assert.That(source.Name, Is.EqualTo("market.mine"));
    }

    [Test]
    public void Repoint_changes_the_url_and_time_only_when_the_url_changes()
    {
        var source = MarketSource.BuiltInRemote(MarketSource.OfficialId, "Olares Market", "https://a.example", "", Now);
        var later = Now.AddHours(1);

        source.Repoint("https://a.example/", later);
        Assert.That(source.UpdatedAt, Is.EqualTo(Now), "same URL up to the trailing slash");

        source.Repoint("https://b.example/", later);
        Assert.That(source.BaseUrl, Is.EqualTo("https://b.example"));
        Assert.That(source.UpdatedAt, Is.EqualTo(later));
    }

    [Test]
    public void An_added_remote_keeps_the_labels_it_was_added_with_and_only_the_official_one_is_official()
    {
        var source = MarketSource.AddRemote("market.mine", "Mine", "https://mine.example", "", Now, SourceLabels.Of(" My Market ", "Mine", null));

        Assert.That(source.Labels, Is.EqualTo(new SourceLabels("My Market", "Mine", string.Empty)));
        Assert.That(source.IsOfficial, Is.False);
        Assert.That(MarketSource.BuiltInRemote(MarketSource.OfficialId, "Olares Market", "https://a.example", "", Now).IsOfficial, Is.True);
    }

    [Test]
    public void Relabel_reports_a_change_only_when_a_label_differs()
    {
        var source = MarketSource.BuiltInLocal(MarketSource.CliId, "CLI", "", Now);
        var labels = new SourceLabels("Olares CLI", "CLI", string.Empty);

        Assert.That(source.Relabel(labels, Now.AddHours(1)), Is.True);
        Assert.That(source.Relabel(labels, Now.AddHours(2)), Is.False);
        Assert.That(source.UpdatedAt, Is.EqualTo(Now.AddHours(1)));
    }

    [Test]
    public void Labels_fall_back_one_by_one()
    {
        var catalog = new SourceLabels("Fake Market", string.Empty, string.Empty);

        Assert.That(catalog.Or(new SourceLabels("Added", "Add", "https://i/x.png")), Is.EqualTo(new SourceLabels("Fake Market", "Add", "https://i/x.png")));
    }
}
