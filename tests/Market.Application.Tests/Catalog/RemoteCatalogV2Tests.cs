using System.Text.Json.Nodes;
using Market.Application.Catalog.Commands.SyncMarketSource;
using Market.Application.Common.Interfaces;
using Market.Domain.Sources;
using Moq;

namespace Market.Application.Tests.Catalog;

/// <summary>The robust v2 listing client of olares-current §2: paging, <c>removed</c> in both shapes, taxonomy names.</summary>
public sealed class RemoteCatalogV2Tests
{
    private static readonly Uri Base = new("https://community.example");

    private static readonly JsonObject Catalog = JsonNode.Parse(
        """{"schema_version":"v2","apps_last_modify_time":1763000000123,"taxonomy_last_modify_time":1763000000000,"apps_filter_digest":"d1"}""")!.AsObject();

    [Test]
    public async Task Pages_until_has_more_is_false_and_drops_removed_ids_in_either_shape()
    {
        var remote = Remote(
            """{"items":[{"app_id":"a1","name":"one","last_modify_time":1},{"app_id":"a2","name":"two"}],"removed":["a3"],"has_more":true}""",
            """{"items":[{"app_id":"a3","name":"three"},{"app_id":"a4","name":"four"}],"removed":[{"app_id":"a4"}],"has_more":false}""");

        var index = await RemoteCatalogV2.ReadAsync(remote.Object, Base, Catalog, "1.12.7", CancellationToken.None);

        Assert.That(index.Summaries.Keys, Is.EquivalentTo(new[] { "a1", "a2" }));
        Assert.That(index.Protocol, Is.EqualTo("v2"));
        Assert.That(index.Hash, Is.EqualTo("v2:1763000000123:1763000000000:d1"));
        Assert.That(index.LastUpdated, Is.EqualTo(DateTimeOffset.FromUnixTimeMilliseconds(1763000000123).UtcDateTime));
        Assert.That(index.Labels, Is.EqualTo(new SourceLabels("Community", "C", "https://i/c.png")));
        remote.Verify(r => r.GetApplicationsV2Async(Base, 3, It.IsAny<int>(), It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task A_source_whose_has_more_never_ends_stops_at_an_empty_page()
    {
        var remote = Remote("""{"items":[{"app_id":"a1","name":"one"}],"has_more":true}""", """{"items":[],"has_more":true}""");

        var index = await RemoteCatalogV2.ReadAsync(remote.Object, Base, Catalog, "1.12.7", CancellationToken.None);

        Assert.That(index.Summaries.Keys, Is.EqualTo(new[] { "a1" }));
    }

    [Test]
    public void A_moved_item_changes_its_summary_digest()
    {
        var before = RemoteEntryNormalizer.SummaryHash(JsonNode.Parse("""{"app_id":"a1","version":"1.0.0","last_modify_time":1}"""));
        var after = RemoteEntryNormalizer.SummaryHash(JsonNode.Parse("""{"app_id":"a1","version":"1.0.0","last_modify_time":2}"""));

        Assert.That(after, Is.Not.EqualTo(before));
    }

    private static Mock<IRemoteMarketClient> Remote(params string[] pages)
    {
        var remote = new Mock<IRemoteMarketClient>(MockBehavior.Strict);
        remote.Setup(r => r.GetTaxonomyV2Async(Base, It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync(JsonNode.Parse(
            """{"source":{"display_name":{"zh-CN":"社区","en-US":"Community"},"short_label":"C","icon":"https://i/c.png"},"pages":[{"category_id":"Tools","items":[{"id":"a1","type":"app"}]}]}""")!.AsObject());
        for (var i = 0; i < pages.Length; i++)
        {
            var page = JsonNode.Parse(pages[i])!.AsObject();
            var number = i + 1;
            remote.Setup(r => r.GetApplicationsV2Async(Base, number, It.IsAny<int>(), It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync(page);
        }

        return remote;
    }
}
