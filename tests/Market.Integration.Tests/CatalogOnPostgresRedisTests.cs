using Market.Testing.Seeds;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Market.Application.Catalog.Commands.SyncMarketSource;
using Market.Application.Common.Interfaces;
using Market.Domain.Apps;
using Market.Infrastructure.Persistence;
using Market.Integration.Tests.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Integration.Tests;

/// <summary>The catalog on PostgreSQL + Redis: sync, the hash across replicas, the shared cache and the sync lock.</summary>
public sealed class CatalogOnPostgresRedisTests
{
    private const string Prefix = "/app-store/api/v2";

    private FakeRemoteMarket _remote = null!;
    private string _postgres = string.Empty;
    private string _redis = string.Empty;
    private string _prefix = string.Empty;

    [SetUp]
    public async Task SetUp()
    {
        (_postgres, _redis, _prefix) = await MarketIntegrationFactory.CreateDeploymentAsync();
        _remote = await FakeRemoteMarket.StartAsync();
        _remote.Put(FakeRemoteMarket.App("notes", "1.0.0"));
        _remote.Put(FakeRemoteMarket.App("photos", "2.0.0"));
        _remote.Put(FakeRemoteMarket.App("music", "0.1.0"));
    }

    [TearDown]
    public async Task TearDown()
    {
        // Nothing to undo when the set-up was ignored for want of PostgreSQL/Redis.
        if (_remote is not null)
        {
            await _remote.DisposeAsync();
        }

        if (!string.IsNullOrEmpty(_postgres))
        {
            await TestInfrastructure.DropDatabaseAsync(_postgres);
        }
    }

    [Test]
    public async Task Sync_fills_the_catalog_and_the_hash_moves_only_with_changes()
    {
        await using var factory = Replica();
        using var alice = factory.CreateUserClient("alice");

        await SyncAsync(factory, "market.olares");
        Assert.That(await AppNamesAsync(alice), Is.EqualTo(new[] { "music", "notes", "photos" }));
        var h1 = await HashAsync(alice);
        var rows = await RowsAsync(factory);

        var again = await SyncAsync(factory, "market.olares");
        Assert.That(again.Outcome, Is.EqualTo(SourceSyncOutcome.Unchanged));
        Assert.That(await RowsAsync(factory), Is.EqualTo(rows), "unchanged re-sync writes nothing");
        Assert.That(await HashAsync(alice), Is.EqualTo(h1));

        _remote.Put(FakeRemoteMarket.App("photos", "2.1.0"));
        _remote.Remove("music");
        var changed = await SyncAsync(factory, "market.olares");
        Assert.That(changed.Outcome, Is.EqualTo(SourceSyncOutcome.Updated));
        await EventuallyAsync(async () => await HashAsync(alice) != h1, "hash changes after a changing sync");
        Assert.That(await AppNamesAsync(alice), Is.EqualTo(new[] { "notes", "photos" }));
    }

    [Test]
    public async Task A_sync_of_more_apps_than_one_insert_holds_stores_each_once_and_a_resync_writes_nothing()
    {
        // 250 new apps: two full multi-row inserts and a partial one, with jsonb and timestamp parameters.
        var names = Enumerable.Range(0, 250).Select(i => $"bulk{i:D3}").ToList();
        foreach (var name in names)
        {
            _remote.Put(FakeRemoteMarket.App(name, "1.0.0"));
        }

        await using var factory = Replica();
        using var alice = factory.CreateUserClient("alice");
        var started = DateTime.UtcNow;

        var first = await SyncAsync(factory, "market.olares");

        Assert.That(first.AppCount, Is.EqualTo(253));
        Assert.That(await AppNamesAsync(alice), Is.EqualTo(names.Concat(["music", "notes", "photos"]).Order(StringComparer.Ordinal)));
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
            var rows = await db.CatalogApps.AsNoTracking().ToListAsync();
            Assert.That(rows.Select(r => r.AppId).Distinct().Count(), Is.EqualTo(253).And.EqualTo(rows.Count), "one row per app");
            Assert.That(rows.All(r => JsonNode.Parse(r.EntryJson)!["appID"]!.GetValue<string>() == r.AppId), "entries stored as written");
            Assert.That(rows.All(r => r.UpdatedAt >= started.AddSeconds(-1) && r.UpdatedAt <= DateTime.UtcNow.AddSeconds(1)), "timestamps stored as UTC");
        }

        var rowsBefore = await RowsAsync(factory);
        var again = await SyncAsync(factory, "market.olares");

        Assert.That(again.Outcome, Is.EqualTo(SourceSyncOutcome.Unchanged));
        Assert.That(await RowsAsync(factory), Is.EqualTo(rowsBefore), "unchanged re-sync writes nothing");
    }

    [Test]
    public async Task Two_replicas_agree_on_the_hash_and_follow_each_others_changes()
    {
        await using var a = Replica();
        await using var b = Replica();
        using var aliceOnA = a.CreateUserClient("alice");
        using var aliceOnB = b.CreateUserClient("alice");
        await SyncAsync(a, "market.olares");
        await EventuallyAsync(async () => await HashAsync(aliceOnA) == await HashAsync(aliceOnB), "replicas agree after the sync");
        var before = await HashAsync(aliceOnB);

        // A state change written on replica A reaches replica B through the Redis bus.
        await using (var scope = a.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
            db.SeedUserApp("alice", "market.olares", "notes", "running", "1.0.0", appId: FakeRemoteMarket.AppIdOf("notes"));
            await db.SaveChangesAsync();
        }

        await a.Services.GetRequiredService<IMarketEventBus>().PublishAsync(new MarketEvent("alice", MarketEvent.AppStateChange, []));
        await EventuallyAsync(async () => await HashAsync(aliceOnB) != before, "replica B sees alice's new state");
        await EventuallyAsync(async () => await HashAsync(aliceOnA) == await HashAsync(aliceOnB), "and both agree");
        var state = (await DataAsync(aliceOnB))["user_data"]!["sources"]!["market.olares"]!["app_state_latest"]!.AsArray();
        Assert.That(state.Single()!["status"]!["state"]!.GetValue<string>(), Is.EqualTo("running"));
    }

    [Test]
    public async Task A_fresh_replica_serves_a_known_hash_from_redis_without_sql()
    {
        await using var a = Replica();
        using var aliceOnA = a.CreateUserClient("alice");
        var hotState = a.Services.GetRequiredService<IHotStateStore>();
        var generation = await hotState.GetAsync(HotStateKeys.CatalogGeneration);
        await SyncAsync(a, "market.olares");
        await EventuallyAsync(async () => await hotState.GetAsync(HotStateKeys.CatalogGeneration) != generation, "the sync's event went round");
        var hash = await HashAsync(aliceOnA);

        var commands = new SqlCommandCounter();
        await using var parent = Replica();
        var b = parent.WithWebHostBuilder(builder => builder.ConfigureServices(s =>
            s.ConfigureDbContext<PostgresMarketDbContext>(o => o.AddInterceptors(commands))));
        b.Server.PreserveExecutionContext = true;
        using var aliceOnB = b.CreateClient();
        aliceOnB.DefaultRequestHeaders.Add("X-Bfl-User", "alice");
        var before = commands.Count;
        using var measuring = commands.Measure(); // only SQL caused by these requests, not background work

        Assert.That(await HashAsync(aliceOnB), Is.EqualTo(hash));
        Assert.That(commands.Count, Is.EqualTo(before), "replica B never built alice's view: the hash came from Redis");

        await DataAsync(aliceOnB);
        Assert.That(commands.Count, Is.GreaterThan(before), "the full view needs her states from the database");
    }

    [Test]
    public async Task Only_the_lock_holder_syncs_a_source()
    {
        await using var a = Replica();
        await using var b = Replica();
        await SyncAsync(a, "market.olares");
        var hotState = b.Services.GetRequiredService<IHotStateStore>();
        // The replicas' own start-up syncs hold the lock for a moment; take it as soon as it is free.
        await Eventually.HoldsAsync(
            async () => await hotState.TryAcquireLockAsync(HotStateKeys.SyncLock("market.olares"), "replica-b", TimeSpan.FromMinutes(1)),
            "the sync lock to be free",
            TimeSpan.FromSeconds(20));
        try
        {
            await using var scope = a.Services.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new SyncMarketSourceCommand("market.olares"));
            Assert.That(result.Outcome, Is.EqualTo(SourceSyncOutcome.Skipped));
        }
        finally
        {
            await hotState.ReleaseLockAsync(HotStateKeys.SyncLock("market.olares"), "replica-b");
        }
    }

    [Test]
    public async Task Source_health_and_held_back_apps_are_shared_by_replicas_and_survive_a_restart()
    {
        _remote.Put(FakeRemoteMarket.App("paused", "1.0.0", labels: ["suspend"]));
        await using (var a = Replica())
        {
            await SyncAsync(a, "market.olares");
            _remote.Mode = FakeRemoteMarket.Behaviour.Garbage;
            Assert.That((await SyncAsync(a, "market.olares")).Outcome, Is.EqualTo(SourceSyncOutcome.Failed));
        }

        await using var b = Replica();
        using var alice = b.CreateUserClient("alice");
        var response = await alice.GetAsync(Prefix + "/settings/market-source");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var official = (await response.Content.ReadFromJsonAsync<JsonObject>())!["data"]!.AsArray()
            .Single(s => s!["id"]!.GetValue<string>() == "market.olares")!;
        var health = official["health"]!;
        Assert.That(health["status"]!.GetValue<string>(), Is.EqualTo("invalid"));
        Assert.That(health["app_count"]!.GetValue<int>(), Is.EqualTo(3));
        Assert.That(health["held_back"]!.AsArray().Select(h => $"{h!["name"]}:{h["reason"]}"), Is.EqualTo(new[] { "paused:labelled_suspend" }), "stored as jsonb");
        Assert.That(await AppNamesAsync(alice), Is.EqualTo(new[] { "music", "notes", "photos" }), "the last good catalog is still served");
    }

    private MarketIntegrationFactory Replica() => new(_postgres, _redis, _prefix, new Dictionary<string, string?>
    {
        ["Market:Sources:OfficialBaseUrl"] = _remote.BaseUrl,
        ["Market:Sources:AllowPrivateNetworks"] = "true",
    });

    private static Task<SourceSyncResult> SyncAsync(WebApplicationFactory<Program> factory, string source) =>
        Eventually.ValueAsync(
            async () =>
            {
                await using var scope = factory.Services.CreateAsyncScope();
                return await scope.ServiceProvider.GetRequiredService<ISender>().Send(new SyncMarketSourceCommand(source));
            },
            result => result.Outcome != SourceSyncOutcome.Skipped,
            () => $"a sync of {source} that is not skipped behind another replica's lock",
            TimeSpan.FromSeconds(30));

    private static async Task<JsonObject> DataAsync(HttpClient client)
    {
        var response = await client.GetAsync(Prefix + "/market/data");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["data"]!.AsObject();
    }

    private static async Task<string> HashAsync(HttpClient client)
    {
        var response = await client.GetAsync(Prefix + "/market/hash");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["data"]!["hash"]!.GetValue<string>();
    }

    private static async Task<List<string>> AppNamesAsync(HttpClient client) =>
        (await DataAsync(client))["user_data"]!["sources"]!["market.olares"]!["app_info_latest"]!.AsArray()
            .Select(a => a!["app_simple_info"]!["app_name"]!.GetValue<string>()).ToList();

    private static async Task<List<string>> RowsAsync(WebApplicationFactory<Program> factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        var rows = await db.CatalogApps.AsNoTracking().OrderBy(r => r.Id).ToListAsync();
        var snapshot = await db.SourceSnapshots.AsNoTracking().SingleAsync();
        return [.. rows.Select(r => $"{r.Id}|{r.Version}|{r.UpdatedAt:O}|{r.SummaryHash}|{r.IsDelisted}"), $"{snapshot.Hash}|{snapshot.UpdatedAt:O}"];
    }

    private static Task EventuallyAsync(Func<Task<bool>> condition, string what) => Eventually.HoldsAsync(condition, what, TimeSpan.FromSeconds(30));
}
