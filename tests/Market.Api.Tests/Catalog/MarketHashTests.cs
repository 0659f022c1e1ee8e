using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Market.Api.Tests.Infrastructure;
using Market.Application.Common.Interfaces;
using Market.Infrastructure.Persistence;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Market.Api.Tests.Infrastructure.CatalogTestKit;

namespace Market.Api.Tests.Catalog;

/// <summary>The per-user hash: a pure function of what /market/data shows, equal everywhere, changing only with content.</summary>
public sealed class MarketHashTests
{
    [Test]
    public async Task The_hash_changes_exactly_when_the_users_content_changes()
    {
        await using var remote = await FakeRemoteMarket.StartAsync();
        remote.Put(FakeRemoteMarket.App("notes", "1.0.0"));
        await using var factory = Factory(remote);
        using var alice = factory.CreateUserClient("alice");
        await SyncAsync(factory.Services, "market.olares");
        var services = factory.Services;

        var h0 = await HashAsync(alice);
        await PublishAsync(services, new MarketEvent("alice", MarketEvent.MarketSystemPoint, new JsonObject { ["point"] = "nothing_really" }));
        Assert.That(await HashAsync(alice), Is.EqualTo(h0), "an event without a change recomputes the same hash");

        await SetUserAppAsync(services, "alice", "market.olares", "notes", "downloading");
        var h1 = await HashAsync(alice);
        Assert.That(h1, Is.Not.EqualTo(h0), "her app state changed");

        await SetUserAppAsync(services, "alice", "market.olares", "notes", "downloading");
        Assert.That(await HashAsync(alice), Is.EqualTo(h1), "same state written again");

        await SetUserAppAsync(services, "bob", "market.olares", "notes", "running");
        await AddLocalAppAsync(services, "upload", "bob", MarketDataContractTests.LocalEntry("bobsapp", "1.0.0"));
        Assert.That(await HashAsync(alice), Is.EqualTo(h1), "another user's changes are not hers");

        await AddLocalAppAsync(services, "upload", "alice", MarketDataContractTests.LocalEntry("hers", "1.0.0"));
        var h2 = await HashAsync(alice);
        Assert.That(h2, Is.Not.EqualTo(h1), "her upload");

        await AddLocalAppAsync(services, "cli", string.Empty, MarketDataContractTests.LocalEntry("forall", "1.0.0"));
        await PublishAsync(services, new MarketEvent(string.Empty, MarketEvent.MarketSystemPoint, new JsonObject { ["point"] = "new_app_ready" }));
        var h3 = await HashAsync(alice);
        Assert.That(h3, Is.Not.EqualTo(h2), "an app shared with everybody");

        remote.Put(FakeRemoteMarket.App("notes", "1.1.0"));
        await SyncAsync(services, "market.olares");
        var h4 = await HashAsync(alice);
        Assert.That(h4, Is.Not.EqualTo(h3), "a sync that changed the catalog");

        await SyncAsync(services, "market.olares");
        Assert.That(await HashAsync(alice), Is.EqualTo(h4), "a sync that changed nothing");
    }

    [Test]
    public async Task Two_instances_on_one_database_agree_and_so_does_a_restart()
    {
        await using var remote = await FakeRemoteMarket.StartAsync();
        remote.Put(FakeRemoteMarket.App("notes", "1.0.0"));
        remote.Put(FakeRemoteMarket.App("photos", "1.0.0"));
        var folder = Path.Combine(Path.GetTempPath(), "market-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var database = Path.Combine(folder, "shared.db");
        try
        {
            string hashA, bodyA;
            await using (var first = Factory(remote, database))
            {
                await SyncAsync(first.Services, "market.olares");
                await SetUserAppAsync(first.Services, "alice", "market.olares", "notes", "running");
                await AddLocalAppAsync(first.Services, "upload", "alice", MarketDataContractTests.LocalEntry("hers", "1.0.0"));
                using var client = first.CreateUserClient("alice");
                hashA = await HashAsync(client);
                bodyA = WithoutTimestamp(await DataAsync(client));

                await using var second = Factory(remote, database);
                using var other = second.CreateUserClient("alice");
                Assert.That(await HashAsync(other), Is.EqualTo(hashA), "a second instance on the same database");
                Assert.That(WithoutTimestamp(await DataAsync(other)), Is.EqualTo(bodyA), "and the same document");
            }

            await using var restarted = Factory(remote, database);
            using var again = restarted.CreateUserClient("alice");
            Assert.That(await HashAsync(again), Is.EqualTo(hashA), "after a restart");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public async Task Hash_and_304_are_served_without_database_work_once_cached()
    {
        await using var remote = await FakeRemoteMarket.StartAsync();
        remote.Put(FakeRemoteMarket.App("notes", "1.0.0"));
        var commands = new SqlCommandCounter();
        await using var parent = Factory(remote);
        var factory = parent.WithWebHostBuilder(b => b.ConfigureServices(s =>
            s.ConfigureDbContext<SqliteMarketDbContext>(o => o.AddInterceptors(commands))));
        await SyncAsync(factory.Services, "market.olares");
        factory.Server.PreserveExecutionContext = true;
        using var alice = factory.CreateClient();
        alice.DefaultRequestHeaders.Add("X-Bfl-User", "alice");
        var hash = await HashAsync(alice);
        await DataAsync(alice);

        var before = commands.Count;
        using var measuring = commands.Measure();
        for (var i = 0; i < 20; i++)
        {
            Assert.That(await HashAsync(alice), Is.EqualTo(hash));
            using var request = new HttpRequestMessage(HttpMethod.Get, Prefix + "/market/data");
            request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{hash}\""));
            Assert.That((await alice.SendAsync(request)).StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
            await DataAsync(alice);
        }

        Assert.That(commands.Count, Is.EqualTo(before), "no SQL for cached hash, 304 and data");

        // Sanity: the counter does see the database when the cache must be rebuilt.
        await PublishAsync(factory.Services, new MarketEvent("alice", MarketEvent.AppStateChange, []));
        await HashAsync(alice);
        Assert.That(commands.Count, Is.GreaterThan(before));
    }

    private static MarketApiFactory Factory(FakeRemoteMarket remote, string? database = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Market:Sources:OfficialBaseUrl"] = remote.BaseUrl,
            ["Market:Sources:AllowPrivateNetworks"] = "true",
        };
        if (database is not null)
        {
            settings["Market:Storage:SqlitePath"] = database;
        }

        return new MarketApiFactory(settings);
    }

    private static string WithoutTimestamp(JsonObject data)
    {
        var copy = data.DeepClone().AsObject();
        copy.Remove("timestamp");
        return copy.ToJsonString();
    }

}
