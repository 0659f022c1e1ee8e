using System.Text.Json.Nodes;
using Market.Application.Catalog.Commands.SyncMarketSource;
using Market.Application.Common.Catalog;
using Market.Domain.Sources;

namespace Market.Application.Tests.Catalog;

public sealed class RemoteCatalogInfoTests
{
    [Test]
    public void A_source_block_names_the_remote_and_top_level_keys_fill_its_gaps()
    {
        var info = JsonNode.Parse("""{"hash":"h","icon":"https://i/top.png","source":{"displayName":"Fake Market","short_label":" Fake "}}""")!.AsObject();

        Assert.That(RemoteCatalogInfo.ReadLabels(info), Is.EqualTo(new SourceLabels("Fake Market", "Fake", "https://i/top.png")));
    }

    [Test]
    public void An_info_without_names_gives_none()
    {
        Assert.That(RemoteCatalogInfo.ReadLabels(new JsonObject { ["hash"] = "h" }), Is.EqualTo(SourceLabels.None));
    }

    [Test]
    public void Summaries_keep_the_name_and_skip_entries_whose_id_is_another_key()
    {
        var data = JsonNode.Parse("""{"apps":{"a1":{"id":"a1","name":"notes","version":"1"},"a2":{"id":"zz","name":"odd"}}}""")!.AsObject();

        var summaries = RemoteCatalogInfo.ReadSummaries(data);

        Assert.That(summaries.Keys, Is.EqualTo(new[] { "a1" }));
        Assert.That(summaries["a1"].Name, Is.EqualTo("notes"));
    }

    [Test]
    public void The_install_and_clone_flags_are_read_from_options_or_the_top_level()
    {
        var fromOptions = CatalogFlags.Of(JsonNode.Parse("""{"apiVersion":"v3","options":{"templateOnly":true,"allowMultipleInstall":true}}""")!.AsObject());
        var fromTop = CatalogFlags.Of(JsonNode.Parse("""{"shared":true}""")!.AsObject());

        Assert.That(fromOptions, Is.EqualTo(new CatalogFlags("v3", false, true, true)));
        Assert.That(fromTop, Is.EqualTo(new CatalogFlags(string.Empty, true, false, false)));
    }
}
