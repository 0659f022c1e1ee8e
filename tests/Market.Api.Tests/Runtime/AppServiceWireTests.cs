using Market.Infrastructure.Runtime.Olares;

namespace Market.Api.Tests.Runtime;

/// <summary>The one reader of app-service's contract (records through the generated context), without HTTP or NATS.</summary>
public sealed class AppServiceWireTests
{
    [Test]
    public void The_app_list_is_a_bare_array_or_an_envelopes_data()
    {
        Assert.That(AppServiceWire.Apps("""[{"spec":{"name":"a"}},"junk",{"spec":{"name":"b"}}]""").Select(a => a.Spec!.Name), Is.EqualTo(new[] { "a", "b" }));
        Assert.That(AppServiceWire.Apps("""{"code":0,"data":[{"spec":{"name":"c"}}]}""").Select(a => a.Spec!.Name), Is.EqualTo(new[] { "c" }));
        Assert.That(AppServiceWire.Apps("""{"code":0}"""), Is.Empty);
        Assert.That(AppServiceWire.Apps("""{"code":0,"data":{"spec":{}}}"""), Is.Empty, "data that is no array lists nothing");
        Assert.That(AppServiceWire.Apps("null"), Is.Empty);
        Assert.That(() => AppServiceWire.Apps("<html>"), Throws.InstanceOf<System.Text.Json.JsonException>(), "a body that is not JSON is an error the adapter reports");
    }

    [Test]
    public void A_field_of_the_wrong_kind_reads_as_absent_and_keeps_the_rest_of_the_app()
    {
        var app = AppServiceWire.Apps(
            """[{"spec":{"name":"notes","owner":7,"isSysApp":"yes"},"status":{"state":"running","opType":["x"],"opID":"op-9","reason":null,"entranceStatuses":{"web":"running"}}}]""").Single();

        Assert.That(app.Spec!.Name, Is.EqualTo("notes"));
        Assert.That(app.Spec.Owner, Is.Empty);
        Assert.That(app.Spec.IsSysApp, Is.False);
        Assert.That(app.Status!.State, Is.EqualTo("running"));
        Assert.That(app.Status.OpType, Is.Empty);
        Assert.That(app.Status.AnyOpId, Is.EqualTo("op-9"), "older app-services spell it opID");
        Assert.That(app.Status.Reason, Is.Empty);
        Assert.That(app.Status.EntranceStatuses, Is.Null);
        Assert.That(AppServiceWire.Apps("""[{"spec":"notes","status":3}]""").Single(), Has.Property("Spec").Null.And.Property("Status").Null);
    }

    [Test]
    public void An_app_is_the_operations_when_named_and_owned_by_its_user_or_by_nobody()
    {
        var apps = AppServiceWire.Apps("""[{"spec":{"name":"notes","owner":"bob"}},{"spec":{"name":"notes"}},{"spec":{"name":"notes","isSysApp":true}}]""");

        Assert.That(apps.Select(a => a.Spec!.Is("notes", "alice")), Is.EqualTo(new[] { false, true, true }));
        Assert.That(apps.Select(a => a.Spec!.IsSysApp), Is.EqualTo(new[] { false, false, true }));
    }

    [Test]
    public void Entrance_states_keep_the_first_of_a_name_and_skip_the_nameless()
    {
        var status = AppServiceWire.Apps(
            """[{"status":{"entranceStatuses":[{"name":"web","state":"running"},{"name":"web","state":"stopped"},{"state":"lost"},{"name":"admin","state":7},"junk"]}}]""").Single().Status!;

        Assert.That(AppServiceWire.EntranceStates(status.EntranceStatuses), Is.EqualTo(new Dictionary<string, string> { ["web"] = "running", ["admin"] = "" }));
        Assert.That(AppServiceWire.EntranceStates([]), Is.Null, "none reads as absent");
        Assert.That(AppServiceWire.EntranceStates(null), Is.Null);
    }

    [TestCase("\"42.5\"", "42.5")]
    [TestCase("42.567", "42.57")]
    [TestCase("100", "100")]
    [TestCase("\"\"", "")]
    [TestCase("true", null)]
    [TestCase("null", null)]
    [TestCase("{\"a\":1}", null)]
    public void Progress_is_text_or_a_number_with_two_decimals(string json, string? expected)
    {
        Assert.That(AppServiceWire.Announcement($$"""{"name":"notes","progress":{{json}}}""")!.Progress, Is.EqualTo(expected));
        Assert.That(AppServiceWire.Apps($$$"""[{"status":{"progress":{{{json}}}}}]""").Single().Status!.Progress, Is.EqualTo(expected));
    }

    [TestCase("")]
    [TestCase("not json")]
    [TestCase("[1,2]")]
    [TestCase("\"text\"")]
    [TestCase("{\"user\":")]
    public void An_announcement_that_is_not_a_json_object_is_none(string json)
    {
        Assert.That(AppServiceWire.Announcement(json), Is.Null);
    }

    [Test]
    public void An_announcement_reads_every_field_it_names()
    {
        var message = AppServiceWire.Announcement(
            """{"user":"alice","marketSource":"market.olares","name":"notes","rawAppName":"notes","createTime":"2026-12-07T10:00:00Z","opID":"op-1","opType":"install","state":"downloading","reason":"","message":"pulling","entranceStatuses":[{"name":"web","state":"waiting"}],"extra":{"ignored":true}}""")!;

        Assert.That(message, Has.Property("User").EqualTo("alice").And.Property("MarketSource").EqualTo("market.olares").And.Property("OpId").EqualTo("op-1")
            .And.Property("OpType").EqualTo("install").And.Property("State").EqualTo("downloading").And.Property("Message").EqualTo("pulling")
            .And.Property("CreateTime").EqualTo("2026-12-07T10:00:00Z").And.Property("RawAppName").EqualTo("notes"));
        Assert.That(AppServiceWire.EntranceStates(message.EntranceStatuses), Is.EqualTo(new Dictionary<string, string> { ["web"] = "waiting" }));
    }
}
