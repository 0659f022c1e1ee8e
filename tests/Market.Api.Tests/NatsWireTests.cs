using System.Text.Json.Nodes;
using Market.Application.Common.Interfaces;
using Market.Infrastructure.Nats;

namespace Market.Api.Tests;

/// <summary>The bodies on <c>os.market.&lt;user&gt;</c> as the original sends them (original-data-and-sync §12).</summary>
public sealed class NatsWireTests
{
    private static readonly DateTimeOffset Now = new(2026, 5, 15, 6, 36, 6, TimeSpan.Zero);

    [Test]
    public void A_point_without_envelope_fields_gets_timestamp_user_and_notify_type_and_keeps_its_extensions_obj()
    {
        var payload = new JsonObject
        {
            ["point"] = "new_app_ready",
            ["extensions"] = new JsonObject { ["app_name"] = "notes", ["app_version"] = "1.0.0", ["source"] = "upload" },
            ["extensions_obj"] = new JsonObject { ["app_info"] = new JsonObject { ["name"] = "notes" } },
        };

        var body = NatsWire.Body(new MarketEvent("alice", MarketEvent.MarketSystemPoint, payload), Now);

        Assert.That(body.ToJsonString(), Is.EqualTo(
            "{\"timestamp\":1778826966,\"user\":\"alice\",\"notify_type\":\"market_system_point\",\"point\":\"new_app_ready\"," +
            "\"extensions\":{\"app_name\":\"notes\",\"app_version\":\"1.0.0\",\"source\":\"upload\"},\"extensions_obj\":{\"app_info\":{\"name\":\"notes\"}}}"));
    }

    [Test]
    public void A_task_point_keeps_only_the_originals_extensions_and_omits_an_empty_version_and_source()
    {
        var payload = new JsonObject
        {
            ["timestamp"] = 1700000000,
            ["user"] = "bob",
            ["notify_type"] = "market_system_point",
            ["point"] = "task_finished_failed",
            ["extensions"] = new JsonObject
            {
                ["task_id"] = "t-1", ["task_type"] = "uninstall", ["op_type"] = "uninstall", ["app_name"] = "notes",
                ["version"] = "", ["source"] = "", ["task_status"] = "failed", ["error"] = "boom",
            },
        };

        var body = NatsWire.Body(new MarketEvent("bob", MarketEvent.MarketSystemPoint, payload), Now);

        Assert.That(body.ToJsonString(), Is.EqualTo(
            "{\"timestamp\":1700000000,\"user\":\"bob\",\"notify_type\":\"market_system_point\",\"point\":\"task_finished_failed\"," +
            "\"extensions\":{\"task_type\":\"uninstall\",\"app_name\":\"notes\",\"task_status\":\"failed\"}}"));
    }

    [TestCase("alice", "os.market.alice")]
    [TestCase("", null)]
    [TestCase("a.b", null)]
    [TestCase("a*", null)]
    [TestCase("a b", null)]
    public void Only_a_user_name_that_is_one_subject_token_gets_a_subject(string user, string? subject) =>
        Assert.That(NatsWire.Subject("os.market", user), Is.EqualTo(subject));
}
