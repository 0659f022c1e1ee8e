using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Market.Application.Common.Catalog;

namespace Market.Application.Tests.Catalog;

/// <summary>The documents written from cached bytes are the JSON the serializer would write for the same view.</summary>
public sealed class MarketDocumentBytesTests
{
    private static readonly UserMarketView View = new("zoë \"<admin>\"", "market.olares",
    [
        new SourceView("upload", "local", Segment("""[{"app":"notes"}]"""), Segment("[]"), null),
        new SourceView("market.olares", "remote", Segment("""[{"app":"wiki","title":"维基"}]"""), Segment("""[{"state":"running"}]"""), Segment("""{"tops":[]}""")),
    ]);

    [Test]
    public void The_data_document_is_the_view_as_json_with_names_escaped_as_the_serializer_escapes_them()
    {
        var text = Text(new MarketDocument(View, MarketDocumentKind.Data, 1700000000));

        var expected = new JsonObject
        {
            ["user_data"] = new JsonObject
            {
                ["sources"] = new JsonObject
                {
                    ["market.olares"] = new JsonObject
                    {
                        ["type"] = "remote",
                        ["app_info_latest"] = JsonNode.Parse("""[{"app":"wiki","title":"维基"}]"""),
                        ["app_state_latest"] = JsonNode.Parse("""[{"state":"running"}]"""),
                        ["others"] = JsonNode.Parse("""{"tops":[]}"""),
                    },
                    ["upload"] = new JsonObject { ["type"] = "local", ["app_info_latest"] = JsonNode.Parse("""[{"app":"notes"}]"""), ["app_state_latest"] = new JsonArray() },
                },
                ["hash"] = View.Hash,
            },
            ["user_id"] = View.User,
            ["timestamp"] = 1700000000,
        };
        Assert.That(JsonNode.DeepEquals(JsonNode.Parse(text), expected), Is.True, text);
        Assert.That(text, Does.Contain(JsonSerializer.Serialize(View.User)), "the user name is escaped as the API's serializer escapes it");
    }

    [Test]
    public void State_documents_leave_out_what_only_data_shows()
    {
        var state = JsonNode.Parse(Text(new MarketDocument(View, MarketDocumentKind.State, 1)))!;
        var official = state["user_data"]!["sources"]!["market.olares"]!.AsObject();

        Assert.That(official.Select(p => p.Key), Is.EqualTo(new[] { "type", "app_state_latest" }));
    }

    private static JsonSegment Segment(string json) => JsonSegment.FromUtf8(Encoding.UTF8.GetBytes(json));

    private static string Text(MarketDocument document) =>
        Encoding.UTF8.GetString(MarketDocumentBytes.Chunks(document).SelectMany(c => c.ToArray()).ToArray());
}
