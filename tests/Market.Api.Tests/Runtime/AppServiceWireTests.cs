using System.Text.Json.Nodes;
using Market.Infrastructure.Runtime.Olares;

namespace Market.Api.Tests.Runtime;

/// <summary>The one reader of app-service's status shapes, without HTTP or NATS.</summary>
public sealed class AppServiceWireTests
{
    [Test]
    public void The_app_list_is_a_bare_array_or_an_envelopes_data()
    {
        var bare = JsonNode.Parse("""[{"spec":{"name":"a"}},"junk",{"spec":{"name":"b"}}]""");
        var envelope = JsonNode.Parse("""{"code":0,"data":[{"spec":{"name":"c"}}]}""");

        Assert.That(AppServiceWire.Apps(bare).Select(a => a["spec"]!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "a", "b" }));
        Assert.That(AppServiceWire.Apps(envelope).Count(), Is.EqualTo(1));
        Assert.That(AppServiceWire.Apps(JsonNode.Parse("""{"code":0}""")), Is.Empty);
        Assert.That(AppServiceWire.Apps(null), Is.Empty);
    }

    [Test]
    public void Entrance_states_keep_the_first_of_a_name_and_skip_the_nameless()
    {
        var states = AppServiceWire.EntranceStates(JsonNode.Parse(
            """[{"name":"web","state":"running"},{"name":"web","state":"stopped"},{"state":"lost"},{"name":"admin","state":7}]"""));

        Assert.That(states, Is.EqualTo(new Dictionary<string, string> { ["web"] = "running", ["admin"] = "" }));
        Assert.That(AppServiceWire.EntranceStates(JsonNode.Parse("[]")), Is.Null, "none reads as absent");
        Assert.That(AppServiceWire.EntranceStates(JsonNode.Parse("""{"web":"running"}""")), Is.Null);
    }

    [TestCase("\"42.5\"", "42.5")]
    [TestCase("42.567", "42.57")]
    [TestCase("100", "100")]
    [TestCase("\"\"", "")]
    [TestCase("true", null)]
    [TestCase("null", null)]
    public void Progress_is_text_or_a_number_with_two_decimals(string json, string? expected)
    {
        Assert.That(AppServiceWire.Progress(JsonNode.Parse(json)), Is.EqualTo(expected));
    }
}
