using Market.Domain.Sources;

namespace Market.Domain.Tests.Sources;

public sealed class SourceSnapshotTests
{
    private static readonly DateTime Then = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    private static CatalogSync Sync(string hash = "h1", bool everything = true, string? error = null) =>
        new(hash, "1.12.3", Then, """{"tops":[]}""", """[{"app_id":"a1","name":"x","reason":"no_version"}]""",
            new SourceLabels("Fake Market", "Fake", string.Empty), 3, everything, error);

    [Test]
    public void A_complete_cycle_stores_the_catalog_and_clears_the_error()
    {
        var snapshot = new SourceSnapshot("market.olares");
        snapshot.RecordFailure(SourceHealth.Unreachable, "hash: connection refused", Then);

        snapshot.RecordSync(Sync(), Then.AddMinutes(5));

        Assert.That((snapshot.Hash, snapshot.AppCount, snapshot.LastError, snapshot.LastErrorKind), Is.EqualTo(("h1", 3, (string?)null, (string?)null)));
        Assert.That(snapshot.LastSuccessAt, Is.EqualTo(Then.AddMinutes(5)));
        Assert.That(snapshot.LastFullFetchAt, Is.EqualTo(Then.AddMinutes(5)));
        Assert.That(snapshot.Labels, Is.EqualTo(new SourceLabels("Fake Market", "Fake", string.Empty)));
        Assert.That(snapshot.HeldBackJson, Does.Contain("no_version"));
    }

    [Test]
    public void An_incomplete_cycle_keeps_the_old_hash_so_the_next_one_fetches_again()
    {
        var snapshot = new SourceSnapshot("market.olares");
        snapshot.RecordSync(Sync("h1"), Then);

        snapshot.RecordSync(Sync("h2", error: "details of a1: timed out"), Then.AddMinutes(5));

        Assert.That(snapshot.Hash, Is.EqualTo("h1"));
        Assert.That(snapshot.LastSuccessAt, Is.EqualTo(Then));
        Assert.That(snapshot.LastFullFetchAt, Is.EqualTo(Then), "an incomplete cycle is no full refetch");
        Assert.That(snapshot.LastErrorKind, Is.EqualTo(SourceHealth.PartialError));
    }

    [Test]
    public void A_failure_changes_only_the_health()
    {
        var snapshot = new SourceSnapshot("market.olares");
        snapshot.RecordSync(Sync(), Then);

        snapshot.RecordFailure(SourceHealth.Invalid, "hash: the answer is not valid JSON", Then.AddMinutes(5));

        Assert.That((snapshot.Hash, snapshot.AppCount, snapshot.LastSuccessAt), Is.EqualTo(("h1", 3, (DateTime?)Then)));
        Assert.That((snapshot.LastErrorKind, snapshot.LastSyncAt), Is.EqualTo((SourceHealth.Invalid, (DateTime?)Then.AddMinutes(5))));
    }

    [Test]
    public void Recovery_writes_only_after_a_failure()
    {
        var snapshot = new SourceSnapshot("market.olares");
        snapshot.RecordSync(Sync(), Then);

        Assert.That(snapshot.RecordRecovery(Then.AddMinutes(5)), Is.False, "steady unchanged cycles write nothing");
        snapshot.RecordFailure(SourceHealth.Unreachable, "down", Then.AddMinutes(10));
        Assert.That(snapshot.RecordRecovery(Then.AddMinutes(15)), Is.True);
        Assert.That((snapshot.LastError, snapshot.LastSuccessAt), Is.EqualTo(((string?)null, (DateTime?)Then.AddMinutes(15))));
    }

    [Test]
    public void Every_detail_is_due_again_a_day_after_the_last_full_fetch()
    {
        var snapshot = new SourceSnapshot("market.olares");
        Assert.That(snapshot.NeedsFullRefetch(Then), Is.True, "never fetched everything");

        snapshot.RecordSync(Sync(everything: true), Then);
        Assert.That(snapshot.NeedsFullRefetch(Then.AddHours(23)), Is.False);
        Assert.That(snapshot.NeedsFullRefetch(Then.AddDays(1)), Is.True);

        snapshot.RecordSync(Sync(everything: false), Then.AddDays(1));
        Assert.That(snapshot.NeedsFullRefetch(Then.AddDays(1)), Is.True, "a cycle that fetched only changes does not count");
    }

    [TestCase(null, 10, SourceHealth.Ok)]
    [TestCase(null, 120, SourceHealth.Stale)]
    [TestCase(SourceHealth.PartialError, 10, SourceHealth.Stale)]
    [TestCase(SourceHealth.Unreachable, 10, SourceHealth.Unreachable)]
    [TestCase(SourceHealth.Invalid, 10, SourceHealth.Invalid)]
    public void Health_says_whether_the_catalog_shown_is_current(string? errorKind, int minutesSinceSuccess, string expected)
    {
        var health = SourceHealth.Of(errorKind, Then, Then.AddMinutes(minutesSinceSuccess), TimeSpan.FromHours(1));

        Assert.That(health, Is.EqualTo(expected));
    }

    [Test]
    public void A_source_never_synced_is_stale()
    {
        Assert.That(SourceHealth.Of(null, null, Then, TimeSpan.FromHours(1)), Is.EqualTo(SourceHealth.Stale));
    }
}
