using Market.Domain.Catalog;

namespace Market.Domain.Tests.Catalog;

public sealed class CatalogAppTests
{
    private static readonly DateTime Then = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
    private static readonly DateTime Later = Then.AddHours(1);

    private static CatalogListing Listing(string version = "1.0.0", string entry = """{"name":"notes","icon":"a.png"}""", bool withdrawn = false) =>
        new("notes", version, "app", entry, """["featured"]""", null, withdrawn);

    [Test]
    public void A_first_listing_shows_the_app()
    {
        var app = new CatalogApp("market.olares", string.Empty, "a1", "notes");

        var changed = app.ApplyListing(Listing(), "s1", Then);

        Assert.That(changed, Is.True);
        Assert.That((app.Version, app.Type, app.SummaryHash, app.IsDelisted, app.UpdatedAt), Is.EqualTo(("1.0.0", "app", "s1", false, Then)));
    }

    [Test]
    public void The_same_listing_again_changes_nothing_a_user_sees_but_remembers_the_summary()
    {
        var app = new CatalogApp("market.olares", string.Empty, "a1", "notes");
        app.ApplyListing(Listing(), "s1", Then);

        // The same document with another key order and spacing, as jsonb gives it back.
        var changed = app.ApplyListing(Listing(entry: """{ "icon": "a.png", "name": "notes" }"""), "s2", Later);

        Assert.That(changed, Is.False);
        Assert.That(app.UpdatedAt, Is.EqualTo(Then));
        Assert.That(app.SummaryHash, Is.EqualTo("s2"));
    }

    [Test]
    public void A_new_version_or_entry_is_a_change()
    {
        var app = new CatalogApp("market.olares", string.Empty, "a1", "notes");
        app.ApplyListing(Listing(), "s1", Then);

        Assert.That(app.ApplyListing(Listing(entry: """{"name":"notes","icon":"b.png"}"""), "s1", Later), Is.True);
        Assert.That(app.EntryJson, Does.Contain("b.png"));
        Assert.That(app.ApplyListing(Listing("1.1.0", """{"name":"notes","icon":"b.png"}"""), "s1", Later), Is.True);
        Assert.That(app.Version, Is.EqualTo("1.1.0"));
    }

    [Test]
    public void A_withdrawn_listing_keeps_the_row_but_hides_it_and_a_later_one_lists_it_again()
    {
        var app = new CatalogApp("market.olares", string.Empty, "a1", "notes");
        app.ApplyListing(Listing(), "s1", Then);

        Assert.That(app.ApplyListing(Listing(withdrawn: true), "s1", Later), Is.True);
        Assert.That(app.IsDelisted, Is.True);
        Assert.That(app.ApplyListing(Listing(), "s1", Later), Is.True);
        Assert.That(app.IsDelisted, Is.False);
    }

    [Test]
    public void Delisting_is_a_change_once()
    {
        var app = new CatalogApp("market.olares", string.Empty, "a1", "notes");
        app.ApplyListing(Listing(), "s1", Then);

        Assert.That(app.Delist(Later, "s9"), Is.True);
        Assert.That((app.IsDelisted, app.UpdatedAt, app.SummaryHash), Is.EqualTo((true, Later, "s9")));
        Assert.That(app.Delist(Later.AddHours(1)), Is.False);
        Assert.That(app.UpdatedAt, Is.EqualTo(Later));
        Assert.That(app.SummaryHash, Is.EqualTo("s9"), "no new summary given: the old one stays");
    }
}
