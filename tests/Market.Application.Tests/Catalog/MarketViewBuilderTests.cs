using System.Text;
using Market.Application.Common.Catalog;
using Market.Domain.Apps;
using Market.Domain.Catalog;
using Market.Domain.Sources;

namespace Market.Application.Tests.Catalog;

/// <summary>The view a user sees, built from rows alone (no database, no Redis).</summary>
public sealed class MarketViewBuilderTests
{
    private const string Upload = "upload";
    private const string Official = MarketSource.OfficialId;
    private const string Other = "other.remote";

    [Test]
    public async Task A_user_without_uploads_gets_the_sources_shared_segment()
    {
        var parts = new Parts();
        parts.Add(Upload, string.Empty, "notes");

        var view = await BuildAsync("ann", null, parts);

        var local = view.Sources.Single(s => s.Id == Upload);
        Assert.That(local.Info.Hash, Is.EqualTo(MarketViewBuilder.SharedLocalInfo(parts.Partition(Upload, string.Empty)).Hash));
        Assert.That(Text(local.Info), Does.Contain("notes"));
        Assert.That(parts.SharedLocalInfoBuilds, Is.EqualTo(1), "the shared part is asked for, not rebuilt per user");
    }

    [Test]
    public async Task Own_uploads_join_the_shared_apps_in_the_users_own_segment()
    {
        var parts = new Parts();
        parts.Add(Upload, string.Empty, "notes");
        parts.Add(Upload, "ann", "mine");

        var ann = (await BuildAsync("ann", null, parts)).Sources.Single(s => s.Id == Upload);
        var bob = (await BuildAsync("bob", null, parts)).Sources.Single(s => s.Id == Upload);

        Assert.That(Text(ann.Info), Does.Contain("notes").And.Contain("mine"));
        Assert.That(Text(bob.Info), Does.Contain("notes").And.Not.Contain("mine"));
    }

    [TestCase(null, Official)]
    [TestCase(Other, Other)]
    [TestCase("gone.remote", Official)]
    public async Task Only_the_selected_remote_is_shown_and_an_unknown_choice_falls_back_to_the_official_one(string? stored, string shown)
    {
        var parts = new Parts();
        parts.Add(Official, string.Empty, "official-app");
        parts.Add(Other, string.Empty, "other-app");

        var view = await BuildAsync("ann", stored, parts);

        Assert.That(view.SelectedSource, Is.EqualTo(shown));
        Assert.That(view.Sources.Select(s => s.Id), Is.EqualTo(new[] { Upload, shown }.Order(StringComparer.Ordinal)));
        Assert.That(view.Sources.Single(s => s.Id == shown).Others, Is.Not.Null, "the remote carries its curated content");
        Assert.That(view.Sources.Single(s => s.Id == Upload).Others, Is.Null);
    }

    [Test]
    public async Task The_same_rows_give_the_same_hash_and_new_curated_content_changes_it()
    {
        var first = new Parts();
        first.Add(Official, string.Empty, "official-app");
        var again = new Parts();
        again.Add(Official, string.Empty, "official-app");
        var curated = new Parts { OthersJson = """{"hash":"h2","version":"2","topics":[{"name":"new"}]}""" };
        curated.Add(Official, string.Empty, "official-app");

        var hash = (await BuildAsync("ann", null, first)).Hash;

        Assert.That((await BuildAsync("ann", null, again)).Hash, Is.EqualTo(hash));
        Assert.That((await BuildAsync("ann", null, curated)).Hash, Is.Not.EqualTo(hash));
    }

    [Test]
    public void Unreadable_stored_curated_content_reads_as_never_synced()
    {
        var partition = CatalogPartition.Create(Official, string.Empty, []);

        Assert.That(MarketViewBuilder.Remote(partition, "{not json").Others.Hash, Is.EqualTo(MarketViewBuilder.Remote(partition, null).Others.Hash));
    }

    private static ValueTask<UserMarketView> BuildAsync(string user, string? selected, Parts parts) =>
        MarketViewBuilder.BuildAsync(user, selected, Array.Empty<UserApp>(), parts, CancellationToken.None);

    private static string Text(JsonSegment segment) => Encoding.UTF8.GetString(segment.Utf8);

    /// <summary>The parts as the cache would hand them out, from in-memory rows.</summary>
    private sealed class Parts : IMarketViewParts
    {
        private readonly List<CatalogApp> _rows = [];

        public string? OthersJson { get; init; }

        public int SharedLocalInfoBuilds { get; private set; }

        public void Add(string source, string owner, string name) => _rows.Add(new CatalogApp(source, owner, name + "-id", name));

        public CatalogPartition Partition(string source, string owner) =>
            CatalogPartition.Create(source, owner, _rows.Where(r => r.SourceId == source && r.Owner == owner).Select(CatalogItem.From));

        public ValueTask<IReadOnlyList<SourceRef>> GetSourcesAsync(CancellationToken cancellationToken) =>
            ValueTask.FromResult<IReadOnlyList<SourceRef>>(
                [new SourceRef(Official, MarketSourceType.Remote), new SourceRef(Other, MarketSourceType.Remote), new SourceRef(Upload, MarketSourceType.Local)]);

        public ValueTask<CatalogPartition> GetPartitionAsync(string sourceId, string owner, CancellationToken cancellationToken) =>
            ValueTask.FromResult(Partition(sourceId, owner));

        public ValueTask<JsonSegment> GetSharedLocalInfoAsync(string sourceId, CancellationToken cancellationToken)
        {
            SharedLocalInfoBuilds++;
            return ValueTask.FromResult(MarketViewBuilder.SharedLocalInfo(Partition(sourceId, string.Empty)));
        }

        public ValueTask<RemoteSegments> GetRemoteAsync(string sourceId, CancellationToken cancellationToken) =>
            ValueTask.FromResult(MarketViewBuilder.Remote(Partition(sourceId, string.Empty), OthersJson));
    }
}
