using System.Text;
using System.Text.Json.Nodes;
using Market.Application.Catalog.Commands.SyncMarketSource;
using Market.Application.Common.Catalog;

namespace Market.Application.Tests.Catalog;

public sealed class CatalogNormalizationTests
{
    [Test]
    public void Others_normalization_is_idempotent_and_ignores_stored_key_order()
    {
        var remote = JsonNode.Parse("""
            {"pages": {"p": {"category": "Home", "content": [{"type": "Recommends", "id": "x"}], "createdAt": 1700000000}},
             "tops": [{"appId": "a", "rank": 2}, {"appid": "b", "rank": "1"}],
             "tags": {"t": {"name": "Tools", "title": {"en-US": "Tools", "bad": 5}, "sort": 3}},
             "latest": "a,b"}
            """)!.AsObject();

        var first = OthersNormalizer.Normalize(remote, "h1", "v1");
        var stored = JsonNode.Parse(first)!.AsObject();

        // jsonb hands documents back with its own key order: reverse every object's keys.
        var shuffled = Reverse(stored)!.AsObject();
        var again = OthersNormalizer.Normalize(shuffled, "h1", "v1");

        Assert.That(Encoding.UTF8.GetString(again), Is.EqualTo(Encoding.UTF8.GetString(first)));
        Assert.That(stored["pages"]![0]!["content"]!.GetValue<string>(), Is.EqualTo("""[{"type":"Recommends","id":"x"}]"""));
        Assert.That(stored["pages"]![0]!["createdAt"]!.GetValue<string>(), Is.EqualTo("2023-11-14T22:13:20Z"));
        Assert.That(stored["pages"]![0]!["updated_at"]!.GetValue<string>(), Is.EqualTo("0001-01-01T00:00:00Z"));
        Assert.That(stored["tops"]!.AsArray().Select(t => $"{t!["appid"]}:{t["rank"]}"), Is.EqualTo(new[] { "a:2", "b:1" }));
        Assert.That(stored["tags"]![0]!["title"]!.AsObject().Select(p => p.Key), Is.EqualTo(new[] { "en-US" }));
        Assert.That(stored["latest"]!.AsArray().Select(l => l!.GetValue<string>()), Is.EqualTo(new[] { "a", "b" }));
        Assert.That(stored["topics"]!.AsArray(), Is.Empty);
    }

    [Test]
    public void Remote_entries_get_identity_localized_maps_and_arrays()
    {
        var raw = JsonNode.Parse("""
            {"id": "abc", "title": "Notes", "version": " 1.2.0 ", "description": "Take notes",
             "categories": "Productivity,Tools", "appLabels": ["Suspend"], "cfgType": "middleware-x",
             "price": {"developer": "d"}}
            """)!.AsObject();

        var app = RemoteEntryNormalizer.Normalize("abc", raw)!;

        Assert.That(app.Name, Is.EqualTo("Notes"), "name falls back to a string title");
        Assert.That(app.Version, Is.EqualTo("1.2.0"));
        Assert.That(app.Type, Is.EqualTo("middleware"));
        Assert.That(app.IsWithdrawn, Is.True, "labels compare case-insensitively");
        Assert.That(app.PriceJson, Is.EqualTo("""{"developer":"d"}"""));
        Assert.That(app.Entry["appID"]!.GetValue<string>(), Is.EqualTo("abc"));
        Assert.That(app.Entry["title"]!["en-US"]!.GetValue<string>(), Is.EqualTo("Notes"));
        Assert.That(app.Entry["description"]!["en-US"]!.GetValue<string>(), Is.EqualTo("Take notes"));
        Assert.That(app.Entry["categories"]!.AsArray().Select(c => c!.GetValue<string>()), Is.EqualTo(new[] { "Productivity", "Tools" }));
        Assert.That(app.Entry["supportArch"], Is.InstanceOf<JsonArray>());
        Assert.That(app.Entry["entrances"], Is.InstanceOf<JsonArray>());
        Assert.That(app.Entry.ContainsKey("price"), Is.False);
    }

    [Test]
    public void An_entry_without_version_is_not_stored()
    {
        Assert.That(RemoteEntryNormalizer.Normalize("x", JsonNode.Parse("""{"name": "x"}""")!.AsObject()), Is.Null);
    }

    [Test]
    public void Summary_digest_ignores_key_order_but_not_values()
    {
        var a = RemoteEntryNormalizer.SummaryHash(JsonNode.Parse("""{"id": "x", "version": "1", "tags": ["a"]}"""));
        var b = RemoteEntryNormalizer.SummaryHash(JsonNode.Parse("""{"tags": ["a"], "version": "1", "id": "x"}"""));
        var c = RemoteEntryNormalizer.SummaryHash(JsonNode.Parse("""{"id": "x", "version": "2", "tags": ["a"]}"""));
        Assert.That(a, Is.EqualTo(b));
        Assert.That(a, Is.Not.EqualTo(c));
    }

    [TestCase("""{"zh-CN": {"metadata": {"title": "笔记"}}}""")]
    [TestCase("""{"title": {"zh-CN": "笔记"}}""")]
    public void Both_i18n_layouts_localize_the_title(string i18n)
    {
        var entry = new JsonObject { ["title"] = new JsonObject { ["en-US"] = "Notes" }, ["i18n"] = JsonNode.Parse(i18n) };

        var titles = EntryI18n.Texts(entry, "title");

        Assert.That(titles, Is.EqualTo(new SortedDictionary<string, string>(StringComparer.Ordinal) { ["en-US"] = "Notes", ["zh-CN"] = "笔记" }));
    }

    [TestCase("\"abc\"", true)]
    [TestCase("W/\"abc\"", true)]
    [TestCase("\"x\", \"abc\"", true)]
    [TestCase("*", true)]
    [TestCase("abc", true)]
    [TestCase("\"abd\"", false)]
    [TestCase("", false)]
    public void If_none_match_is_read_like_http_says(string header, bool matches) =>
        Assert.That(MarketETag.Matches(header, "abc"), Is.EqualTo(matches));

    private static JsonNode? Reverse(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.Reverse().Select(p => KeyValuePair.Create(p.Key, Reverse(p.Value)))),
        JsonArray array => new JsonArray(array.Select(Reverse).ToArray()),
        _ => node?.DeepClone(),
    };
}
