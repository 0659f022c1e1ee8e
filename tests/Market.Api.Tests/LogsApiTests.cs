using System.Net;
using System.Text.Json.Nodes;
using Market.Api.Tests.Infrastructure;
using Market.Application.Common.Interfaces;
using Market.Domain.History;
using Market.Infrastructure.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Api.Tests;

public sealed class LogsApiTests
{
    private const string Logs = HttpExtensions.Prefix + "/logs";

    private MarketApiFactory _factory = null!;
    private HttpClient _alice = null!;
    private long _seededAt;

    [OneTimeSetUp]
    public async Task Start()
    {
        _factory = new MarketApiFactory();
        _alice = _factory.CreateUserClient("alice");
        var history = _factory.Services.GetRequiredService<IHistoryService>();
        await history.RecordAsync(new HistoryEntry(HistoryTypes.ActionInstall, "install firefox", "firefox", "alice", """{"task_id":"t1"}"""), CancellationToken.None);
        await history.RecordAsync(new HistoryEntry(HistoryTypes.ActionUninstall, "uninstall firefox", "firefox", "alice"), CancellationToken.None);
        await history.RecordAsync(new HistoryEntry(HistoryTypes.ActionInstall, "install gitea", "gitea", "alice"), CancellationToken.None);
        await history.RecordAsync(new HistoryEntry(HistoryTypes.ActionInstall, "install secret-app", "secret-app", "bob"), CancellationToken.None);
        _seededAt = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        // Older records with fixed times, for the time filters.
        using var scope = _factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        db.HistoryRecords.AddRange(
            new HistoryRecord(HistoryTypes.System, "old one", _seededAt - 3000, "market", "alice", ""),
            new HistoryRecord(HistoryTypes.System, "old two", _seededAt - 2000, "market", "alice", ""));
        await db.SaveChangesAsync();
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _alice.Dispose();
        _factory.Dispose();
    }

    [Test]
    public async Task Returns_the_callers_records_newest_first_with_the_wire_shape()
    {
        var envelope = await (await _alice.GetAsync(Logs)).ReadEnvelopeAsync(HttpStatusCode.OK);

        Assert.That(envelope.Message(), Is.EqualTo("Logs retrieved successfully"));
        var data = envelope["data"]!.AsObject();
        Assert.That(data.Select(p => p.Key), Is.EquivalentTo(new[] { "records", "total_count", "start", "size", "requested_size" }));
        Assert.That(Ints(data, "total_count", "start", "size", "requested_size"), Is.EqualTo(new[] { 5, 0, 5, 100 }));
        var records = Records(envelope);
        Assert.That(records.Select(r => r["account"]!.GetValue<string>()), Is.All.EqualTo("alice"));
        Assert.That(records.Select(r => r["time"]!.GetValue<long>()), Is.Ordered.Descending);
        var install = records.Single(r => r["message"]!.GetValue<string>() == "install firefox");
        Assert.That(install.Select(p => p.Key), Is.EquivalentTo(new[] { "id", "type", "message", "time", "app", "account", "extended" }));
        Assert.That(install["type"]!.GetValue<string>(), Is.EqualTo("ACTION_INSTALL"));
        Assert.That(install["app"]!.GetValue<string>(), Is.EqualTo("firefox"));
        Assert.That(install["extended"]!.GetValue<string>(), Is.EqualTo("""{"task_id":"t1"}"""), "extended is a JSON string");
        Assert.That(install["time"]!.GetValue<long>(), Is.InRange(_seededAt - 600, _seededAt + 1), "Unix seconds");
    }

    [Test]
    public async Task A_user_never_sees_another_users_records()
    {
        using var bob = _factory.CreateUserClient("bob");
        using var carl = _factory.CreateUserClient("carl");

        var bobs = Records(await (await bob.GetAsync(Logs)).ReadEnvelopeAsync(HttpStatusCode.OK));
        var carls = await (await carl.GetAsync(Logs + "?app=firefox")).ReadEnvelopeAsync(HttpStatusCode.OK);
        var alicesSecret = await (await _alice.GetAsync(Logs + "?app=secret-app")).ReadEnvelopeAsync(HttpStatusCode.OK);

        Assert.That(bobs.Select(r => r["message"]!.GetValue<string>()), Is.EqualTo(new[] { "install secret-app" }));
        Assert.That(carls["data"]!["records"]!.AsArray(), Is.Empty);
        Assert.That(carls["data"]!["total_count"]!.GetValue<int>(), Is.Zero);
        Assert.That(alicesSecret["data"]!["records"]!.AsArray(), Is.Empty);
    }

    [Test]
    public async Task Type_filter()
    {
        var records = Records(await (await _alice.GetAsync(Logs + "?type=ACTION_INSTALL")).ReadEnvelopeAsync(HttpStatusCode.OK));

        Assert.That(records.Select(r => r["message"]!.GetValue<string>()), Is.EquivalentTo(new[] { "install firefox", "install gitea" }));
    }

    [Test]
    public async Task App_filter()
    {
        var records = Records(await (await _alice.GetAsync(Logs + "?app=firefox")).ReadEnvelopeAsync(HttpStatusCode.OK));

        Assert.That(records.Select(r => r["message"]!.GetValue<string>()), Is.EquivalentTo(new[] { "install firefox", "uninstall firefox" }));
    }

    [Test]
    public async Task Time_filters_are_inclusive()
    {
        var from = _seededAt - 2000;
        var to = _seededAt - 1000;

        var window = Records(await (await _alice.GetAsync($"{Logs}?start_time={from}&end_time={to}")).ReadEnvelopeAsync(HttpStatusCode.OK));
        var upTo = Records(await (await _alice.GetAsync($"{Logs}?end_time={from}")).ReadEnvelopeAsync(HttpStatusCode.OK));

        Assert.That(window.Select(r => r["message"]!.GetValue<string>()), Is.EqualTo(new[] { "old two" }));
        Assert.That(upTo.Select(r => r["message"]!.GetValue<string>()), Is.EqualTo(new[] { "old two", "old one" }));
    }

    [Test]
    public async Task Start_and_size_page_through_the_records()
    {
        var first = await (await _alice.GetAsync(Logs + "?start=0&size=2")).ReadEnvelopeAsync(HttpStatusCode.OK);
        var last = await (await _alice.GetAsync(Logs + "?start=4&size=2")).ReadEnvelopeAsync(HttpStatusCode.OK);
        var beyond = await (await _alice.GetAsync(Logs + "?start=50&size=2")).ReadEnvelopeAsync(HttpStatusCode.OK);

        Assert.That(Ints(first["data"]!.AsObject(), "total_count", "start", "size", "requested_size"), Is.EqualTo(new[] { 5, 0, 2, 2 }));
        Assert.That(Ints(last["data"]!.AsObject(), "total_count", "start", "size", "requested_size"), Is.EqualTo(new[] { 5, 4, 1, 2 }));
        Assert.That(Records(last).Single()["message"]!.GetValue<string>(), Is.EqualTo("old one"));
        Assert.That(beyond["data"]!["records"]!.AsArray(), Is.Empty);
    }

    [TestCase("start=-1", "Invalid start parameter")]
    [TestCase("start=abc", "Invalid start parameter")]
    [TestCase("size=0", "Invalid size parameter (must be 1-1000)")]
    [TestCase("size=1001", "Invalid size parameter (must be 1-1000)")]
    [TestCase("size=many", "Invalid size parameter (must be 1-1000)")]
    [TestCase("start_time=yesterday", "Invalid start_time parameter")]
    [TestCase("end_time=1.5", "Invalid end_time parameter")]
    public async Task Bad_parameters_are_400_with_the_originals_message(string query, string message)
    {
        var envelope = await (await _alice.GetAsync($"{Logs}?{query}")).ReadEnvelopeAsync(HttpStatusCode.BadRequest);

        Assert.That(envelope.Message(), Is.EqualTo(message));
    }

    [Test]
    public async Task Empty_parameters_count_as_absent()
    {
        var envelope = await (await _alice.GetAsync(Logs + "?start=&size=&type=&app=&start_time=&end_time=")).ReadEnvelopeAsync(HttpStatusCode.OK);

        Assert.That(envelope["data"]!["total_count"]!.GetValue<int>(), Is.EqualTo(5));
        Assert.That(envelope["data"]!["requested_size"]!.GetValue<int>(), Is.EqualTo(100));
    }

    [Test]
    public async Task The_service_records_its_own_start_for_the_system_account()
    {
        using var system = _factory.CreateUserClient("system");

        var records = await PollAsync(system, Logs + "?type=system&app=market");

        Assert.That(records.Select(r => r["message"]!.GetValue<string>()), Does.Contain("market setup finished"));
        Assert.That(records.Select(r => r["account"]!.GetValue<string>()), Is.All.EqualTo("system"));
    }

    private static async Task<List<JsonObject>> PollAsync(HttpClient client, string url)
    {
        // The startup record is written just after the server starts taking requests.
        return await Eventually.ValueAsync(
            async () => Records(await (await client.GetAsync(url)).ReadEnvelopeAsync(HttpStatusCode.OK)),
            records => records.Count > 0,
            () => $"a record at {url}",
            TimeSpan.FromSeconds(10));
    }

    private static List<JsonObject> Records(JsonObject envelope) => envelope["data"]!["records"]!.AsArray().Select(r => r!.AsObject()).ToList();

    private static int[] Ints(JsonObject data, params string[] keys) => keys.Select(k => data[k]!.GetValue<int>()).ToArray();
}
