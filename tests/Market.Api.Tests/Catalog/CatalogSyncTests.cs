using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Market.Api.Tests.Infrastructure;
using Market.Application.Catalog.Commands.SyncMarketSource;
using Market.Application.Common.Interfaces;
using Market.Application.Sources.Queries.GetSourceSyncStatus;
using Market.Infrastructure.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Market.Api.Tests.Infrastructure.CatalogTestKit;

namespace Market.Api.Tests.Catalog;

/// <summary>Remote source sync against a fake market speaking the real protocol.</summary>
public sealed class CatalogSyncTests
{
    private FakeRemoteMarket _remote = null!;
    private MarketApiFactory _factory = null!;
    private HttpClient _alice = null!;

    [SetUp]
    public async Task SetUp()
    {
        _remote = await FakeRemoteMarket.StartAsync();
        _remote.Put(FakeRemoteMarket.App("notes", "1.0.0"));
        _remote.Put(FakeRemoteMarket.App("photos", "2.1.0"));
        _remote.Put(FakeRemoteMarket.App("music", "0.3.0"));
        _remote.SetCurated(Curated());
        _factory = new MarketApiFactory(new Dictionary<string, string?>
        {
            ["Market:Sources:OfficialBaseUrl"] = _remote.BaseUrl,
            ["Market:Sources:AllowPrivateNetworks"] = "true",
            ["Market:Sources:RequestTimeoutSeconds"] = "2",
            ["Market:Sources:RetryCount"] = "0",
        });
        _alice = _factory.CreateUserClient("alice");
    }

    [TearDown]
    public async Task TearDown()
    {
        _alice.Dispose();
        await _factory.DisposeAsync();
        await _remote.DisposeAsync();
    }

    [Test]
    public async Task First_sync_fills_the_official_source_and_normalizes_curated_content()
    {
        await SyncAsync(_factory.Services, "market.olares");

        var data = await DataAsync(_alice);
        Assert.That(AppNames(data, "market.olares"), Is.EqualTo(new[] { "music", "notes", "photos" }));
        var others = Source(data, "market.olares")["others"]!.AsObject();
        Assert.That(others.Select(p => p.Key), Is.EqualTo(new[] { "hash", "version", "topics", "topic_lists", "recommends", "pages", "tops", "latest", "tags" }));
        Assert.That(others["hash"]!.GetValue<string>(), Is.EqualTo(_remote.CatalogHash));
        Assert.That(others["tops"]!.AsArray().Select(t => t!["appid"]!.GetValue<string>()), Is.EqualTo(new[] { "notes", "photos" }), "appId → appid, order kept");
        var page = others["pages"]!.AsArray().Single()!;
        Assert.That(page["content"]!.GetValueKind(), Is.EqualTo(System.Text.Json.JsonValueKind.String), "pages[].content is a JSON string");
        Assert.That(JsonNode.Parse(page["content"]!.GetValue<string>())!.AsArray(), Has.Count.EqualTo(2));
        Assert.That(others["recommends"]!.AsArray().Single()!["content"]!.GetValue<string>(), Is.EqualTo("notes,photos"));
        Assert.That(others["topics"]!.AsArray().Single()!["data"]!["en-US"]!["apps"]!.GetValue<string>(), Is.EqualTo("notes"));
        Assert.That(others["topic_lists"]!.AsArray().Single()!["title"]!["en-US"]!.GetValue<string>(), Is.EqualTo("Picks"));
        Assert.That(others["latest"]!.AsArray().Select(l => l!.GetValue<string>()), Is.EqualTo(new[] { "music" }));
        Assert.That(others["tags"]!.AsArray().Single()!["name"]!.GetValue<string>(), Is.EqualTo("Productivity"));
    }

    [Test]
    public async Task Detail_batches_go_out_concurrently_but_never_more_than_the_configured_limit()
    {
        await using var remote = await FakeRemoteMarket.StartAsync();
        for (var i = 0; i < 60; i++)
        {
            remote.Put(FakeRemoteMarket.App($"app{i:D2}", "1.0.0"));
        }

        remote.DetailDelay = TimeSpan.FromMilliseconds(300); // long enough for batches to overlap on a busy machine
        await using var factory = new MarketApiFactory(new Dictionary<string, string?>
        {
            ["Market:Sources:OfficialBaseUrl"] = remote.BaseUrl,
            ["Market:Sources:AllowPrivateNetworks"] = "true",
            ["Market:Sources:DetailConcurrency"] = "2",
        });
        using var alice = factory.CreateUserClient("alice");

        await SyncAsync(factory.Services, "market.olares");

        Assert.That(AppNames(await DataAsync(alice), "market.olares"), Has.Count.EqualTo(60), "every batch arrived");
        Assert.That(remote.MaxConcurrentDetails, Is.EqualTo(2), "two batches in flight at once, never a third");
    }

    [Test]
    public async Task Unchanged_resync_fetches_nothing_writes_nothing_and_keeps_the_hash()
    {
        await SyncAsync(_factory.Services, "market.olares");
        var hashBefore = await HashAsync(_alice);
        var rowsBefore = await RowsAsync();
        var snapshotBefore = await SnapshotStampAsync();
        var infoCalls = _remote.InfoCalls;
        var details = _remote.DetailRequests.Count;
        var synced = CountCatalogEvents();

        var result = await SyncAsync(_factory.Services, "market.olares");

        Assert.That(result.Outcome, Is.EqualTo(SourceSyncOutcome.Unchanged));
        Assert.That(_remote.InfoCalls, Is.EqualTo(infoCalls), "catalog info not fetched again");
        Assert.That(_remote.DetailRequests, Has.Count.EqualTo(details), "no details fetched");
        Assert.That(await RowsAsync(), Is.EqualTo(rowsBefore), "catalog rows untouched");
        Assert.That(await SnapshotStampAsync(), Is.EqualTo(snapshotBefore), "snapshot untouched");
        Assert.That(synced(), Is.Zero, "no catalog_synced event");
        Assert.That(await HashAsync(_alice), Is.EqualTo(hashBefore));
    }

    [Test]
    public async Task A_sync_of_many_apps_stores_each_once_as_normalized_and_an_unchanged_resync_writes_nothing()
    {
        await using var remote = await FakeRemoteMarket.StartAsync();
        var names = Enumerable.Range(0, 250).Select(i => $"bulk{i:D3}").ToList();
        foreach (var (name, i) in names.Select((n, i) => (n, i)))
        {
            remote.Put(FakeRemoteMarket.App(name, $"1.0.{i}"));
        }

        await using var factory = new MarketApiFactory(new Dictionary<string, string?>
        {
            ["Market:Sources:OfficialBaseUrl"] = remote.BaseUrl,
            ["Market:Sources:AllowPrivateNetworks"] = "true",
        });
        using var alice = factory.CreateUserClient("alice");
        var started = DateTime.UtcNow;

        // The service's own start-up sync may have come first; either way the catalog is the 250 apps.
        var first = await SyncAsync(factory.Services, "market.olares");

        Assert.That(first.AppCount, Is.EqualTo(250));
        var listed = Source(await DataAsync(alice), "market.olares")["app_info_latest"]!.AsArray();
        Assert.That(listed.Select(a => a!["app_simple_info"]!["app_name"]!.GetValue<string>()), Is.EqualTo(names), "every app listed once, by name");
        Assert.That(listed.Select(a => a!["version"]!.GetValue<string>()), Is.EqualTo(names.Select((_, i) => $"1.0.{i}")));

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
            var rows = await db.CatalogApps.AsNoTracking().Where(a => a.SourceId == "market.olares").ToListAsync();
            Assert.That(rows.Select(r => r.AppId), Is.EquivalentTo(names.Select(FakeRemoteMarket.AppIdOf)), "one row per app");
            foreach (var row in rows)
            {
                var entry = JsonNode.Parse(row.EntryJson)!.AsObject();
                Assert.That((string?)entry["id"], Is.EqualTo(row.AppId));
                Assert.That((string?)entry["appID"], Is.EqualTo(row.AppId));
                Assert.That((string?)entry["name"], Is.EqualTo(row.Name));
                Assert.That((string?)entry["version"], Is.EqualTo(row.Version));
                Assert.That(row.SummaryHash, Is.Not.Empty);
                Assert.That(row.IsDelisted, Is.False);
                Assert.That(row.UpdatedAt, Is.InRange(started.AddSeconds(-1), DateTime.UtcNow.AddSeconds(1)), "stored as UTC, read back as written");
            }
        }

        var rowsBefore = await RowsAsync(factory);
        var again = await SyncAsync(factory.Services, "market.olares");

        Assert.That(again.Outcome, Is.EqualTo(SourceSyncOutcome.Unchanged));
        Assert.That(await RowsAsync(factory), Is.EqualTo(rowsBefore), "no row written again");
    }

    [Test]
    public async Task A_new_version_is_refetched_alone_and_changes_the_hash()
    {
        await SyncAsync(_factory.Services, "market.olares");
        var hashBefore = await HashAsync(_alice);
        _remote.DetailRequests.Clear();
        var synced = CountCatalogEvents();

        _remote.Put(FakeRemoteMarket.App("photos", "2.2.0"));
        var result = await SyncAsync(_factory.Services, "market.olares");

        Assert.That(result.Outcome, Is.EqualTo(SourceSyncOutcome.Updated));
        Assert.That(_remote.DetailRequests, Is.EqualTo(new[] { FakeRemoteMarket.AppIdOf("photos") }), "only the changed app is refetched");
        Assert.That(synced(), Is.EqualTo(1), "one catalog_synced broadcast");
        var photos = Source(await DataAsync(_alice), "market.olares")["app_info_latest"]!.AsArray()
            .Single(a => a!["app_simple_info"]!["app_name"]!.GetValue<string>() == "photos")!;
        Assert.That(photos["version"]!.GetValue<string>(), Is.EqualTo("2.2.0"));
        Assert.That(photos["app_simple_info"]!["app_version"]!.GetValue<string>(), Is.EqualTo("2.2.0"));
        Assert.That(await HashAsync(_alice), Is.Not.EqualTo(hashBefore));
    }

    [Test]
    public async Task A_changed_description_with_the_same_version_is_refetched()
    {
        await SyncAsync(_factory.Services, "market.olares");
        _remote.Put(FakeRemoteMarket.App("notes", "1.0.0", description: "now with folders"));

        await SyncAsync(_factory.Services, "market.olares");

        var notes = Source(await DataAsync(_alice), "market.olares")["app_info_latest"]!.AsArray()
            .Single(a => a!["app_simple_info"]!["app_name"]!.GetValue<string>() == "notes")!;
        Assert.That(notes["app_simple_info"]!["app_description"]!["en-US"]!.GetValue<string>(), Is.EqualTo("now with folders"));
    }

    [Test]
    public async Task Apps_gone_or_suspended_upstream_are_delisted_but_kept_for_installed_users()
    {
        await SyncAsync(_factory.Services, "market.olares");
        var hashBefore = await HashAsync(_alice);

        _remote.Remove("music");
        _remote.Put(FakeRemoteMarket.App("photos", "2.1.1", labels: ["Suspend"]));
        await SyncAsync(_factory.Services, "market.olares");

        Assert.That(AppNames(await DataAsync(_alice), "market.olares"), Is.EqualTo(new[] { "notes" }));
        Assert.That(await HashAsync(_alice), Is.Not.EqualTo(hashBefore));
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
            var delisted = await db.CatalogApps.Where(a => a.IsDelisted).Select(a => a.Name).OrderBy(n => n).ToListAsync();
            Assert.That(delisted, Is.EqualTo(new[] { "music", "photos" }), "rows are kept, only hidden");
        }

        // A user who has it installed still gets its details.
        var response = await _alice.PostAsJsonAsync(Prefix + "/apps", new { apps = new[] { new { appid = "music", sourceDataName = "market.olares" } } });
        var envelope = await response.ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(envelope["data"]!["total_count"]!.GetValue<int>(), Is.EqualTo(1));

        // And an app that comes back is listed again.
        _remote.Put(FakeRemoteMarket.App("music", "0.4.0"));
        await SyncAsync(_factory.Services, "market.olares");
        Assert.That(AppNames(await DataAsync(_alice), "market.olares"), Is.EqualTo(new[] { "music", "notes" }));
    }

    [Test]
    public async Task A_source_that_hangs_or_answers_garbage_fails_alone()
    {
        await using var slow = await FakeRemoteMarket.StartAsync();
        slow.Mode = FakeRemoteMarket.Behaviour.Hang;
        await using var broken = await FakeRemoteMarket.StartAsync();
        broken.Mode = FakeRemoteMarket.Behaviour.Garbage;
        using var admin = _factory.CreateUserClient("admin");
        await AddSourceAsync(admin, "market.slow", slow.BaseUrl);
        await AddSourceAsync(admin, "market.broken", broken.BaseUrl);

        var results = await Task.WhenAll(
            SyncAsync(_factory.Services, "market.slow"),
            SyncAsync(_factory.Services, "market.broken"),
            SyncAsync(_factory.Services, "market.olares"));

        Assert.That(results[0].Outcome, Is.EqualTo(SourceSyncOutcome.Failed));
        Assert.That(results[0].Error, Does.Contain("did not answer in time"));
        Assert.That(results[1].Outcome, Is.EqualTo(SourceSyncOutcome.Failed));
        Assert.That(results[1].Error, Does.Contain("not valid JSON"));
        Assert.That(results[2].Outcome, Is.AnyOf(SourceSyncOutcome.Updated, SourceSyncOutcome.Unchanged));
        Assert.That(AppNames(await DataAsync(_alice), "market.olares"), Has.Count.EqualTo(3));

        await using var scope = _factory.Services.CreateAsyncScope();
        var status = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new GetSourceSyncStatusQuery());
        var byId = status.ToDictionary(s => s.SourceId);
        Assert.That(byId["market.broken"].LastError, Does.Contain("not valid JSON"));
        Assert.That(byId["market.broken"].LastSuccessAt, Is.Null);
        Assert.That(byId["market.slow"].LastDurationMs, Is.GreaterThanOrEqualTo(1900), "the slow source took its whole timeout");
        Assert.That(byId["market.olares"].LastError, Is.Null);
        Assert.That(byId["market.olares"].LastSuccessAt, Is.Not.Null);
        Assert.That(byId["market.olares"].AppCount, Is.EqualTo(3));
    }

    [Test]
    public async Task A_newly_added_source_is_synced_at_once()
    {
        await using var second = await FakeRemoteMarket.StartAsync();
        second.Put(FakeRemoteMarket.App("chess", "1.0.0"));
        using var admin = _factory.CreateUserClient("admin");

        await AddSourceAsync(admin, "market.second", second.BaseUrl);
        var put = await _alice.PutAsJsonAsync(Prefix + "/settings/market-settings", new { selected_source = "market.second", nsfw = false });
        await put.ReadEnvelopeAsync(HttpStatusCode.OK);

        // No sync is requested by the test: the service's scheduler must pick the new source up by itself.
        await EventuallyAsync(async () => AppNames(await DataAsync(_alice), "market.second").Contains("chess"), "chess listed in market.second");
        var data = await DataAsync(_alice);
        Assert.That(data["user_data"]!["sources"]!.AsObject().ContainsKey("market.olares"), Is.False, "only the selected remote is shown");
    }

    [Test]
    public async Task A_private_address_is_refused_unless_allowed()
    {
        await using var inside = await FakeRemoteMarket.StartAsync();
        inside.Put(FakeRemoteMarket.App("notes", "1.0.0"));
        await using var factory = new MarketApiFactory(new Dictionary<string, string?>
        {
            ["Market:Sources:OfficialBaseUrl"] = inside.BaseUrl,
            ["Market:Sources:AllowPrivateNetworks"] = "false",
        });

        var result = await SyncAsync(factory.Services, "market.olares");

        Assert.That(result.Outcome, Is.EqualTo(SourceSyncOutcome.Failed));
        Assert.That(result.Error, Does.Contain("private or loopback"));
        Assert.That(inside.HashCalls, Is.Zero, "no connection was made");
    }

    private static async Task AddSourceAsync(HttpClient admin, string id, string baseUrl)
    {
        var response = await admin.PostAsJsonAsync(Prefix + "/settings/market-source", new { id, name = id, type = "remote", base_url = baseUrl });
        await response.ReadEnvelopeAsync(HttpStatusCode.OK);
    }

    private Func<int> CountCatalogEvents()
    {
        var count = 0;
        var subscription = _factory.Services.GetRequiredService<IMarketEventBus>().Subscribe(e =>
        {
            if (e.User.Length == 0 && e.Payload["point"]?.GetValue<string>() == "catalog_synced")
            {
                Interlocked.Increment(ref count);
            }

            return ValueTask.CompletedTask;
        });
        return () => Volatile.Read(ref count);
    }

    private Task<List<string>> RowsAsync() => RowsAsync(_factory);

    private static async Task<List<string>> RowsAsync(MarketApiFactory factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        var rows = await db.CatalogApps.AsNoTracking().OrderBy(a => a.Id).ToListAsync();
        return rows.Select(a => $"{a.Id}|{a.Name}|{a.Version}|{a.UpdatedAt:O}|{a.SummaryHash}|{a.IsDelisted}|{a.EntryJson}").ToList();
    }

    private async Task<string> SnapshotStampAsync()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        var s = await db.SourceSnapshots.AsNoTracking().SingleAsync(x => x.SourceId == "market.olares");
        return $"{s.Hash}|{s.UpdatedAt:O}|{s.LastSyncAt:O}|{s.OthersJson}";
    }

    /// <summary>Curated content as the remote serves it: keyed objects, <c>appId</c> in tops, page content as a structure.</summary>
    private static JsonObject Curated() => new()
    {
        ["recommends"] = new JsonObject
        {
            ["r1"] = new JsonObject { ["name"] = "Editors", ["description"] = "picked", ["content"] = "notes,photos", ["data"] = new JsonObject { ["title"] = new JsonObject { ["en-US"] = "Editors' picks", ["zh-CN"] = 7 } } },
            ["empty"] = new JsonObject(),
        },
        ["pages"] = new JsonObject
        {
            ["p1"] = new JsonObject { ["category"] = "Home", ["content"] = new JsonArray(new JsonObject { ["type"] = "Recommends", ["id"] = "Editors" }, new JsonObject { ["type"] = "Default Topic", ["id"] = "Newest" }), ["updated_at"] = "not a time" },
        },
        ["topics"] = new JsonObject
        {
            ["t1"] = new JsonObject { ["_id"] = "t1", ["name"] = "Write", ["data"] = new JsonObject { ["en-US"] = new JsonObject { ["title"] = "Write", ["apps"] = "notes", ["isdelete"] = false } } },
        },
        ["topic_lists"] = new JsonObject
        {
            ["l1"] = new JsonObject { ["name"] = "Picks", ["type"] = "Topic", ["content"] = "t1", ["title"] = new JsonObject { ["en-US"] = "Picks" } },
        },
        ["tops"] = new JsonArray(new JsonObject { ["appId"] = "notes", ["rank"] = 1 }, new JsonObject { ["appid"] = "photos", ["rank"] = 2 }, new JsonObject { ["rank"] = 3 }),
        ["latest"] = new JsonArray("music"),
        ["tags"] = new JsonObject
        {
            ["g1"] = new JsonObject { ["_id"] = "g1", ["name"] = "Productivity", ["title"] = new JsonObject { ["en-US"] = "Productivity" }, ["sort"] = 1 },
        },
    };
}
