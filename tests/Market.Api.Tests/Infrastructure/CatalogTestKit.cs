using Market.Testing.Seeds;
using System.Net;
using System.Text.Json.Nodes;
using Market.Application.Catalog.Commands.SyncMarketSource;
using Market.Application.Common.Interfaces;
using Market.Domain.Apps;
using Market.Domain.Catalog;
using Market.Infrastructure.Persistence;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Api.Tests.Infrastructure;

/// <summary>What catalog tests do to a running service: sync a source, put rows in place as the other features would, read views.</summary>
public static class CatalogTestKit
{
    public const string Prefix = "/app-store/api/v2";

    /// <summary>Runs one sync cycle; waits while the start-up sync of the background service holds the source's lock.</summary>
    public static Task<SourceSyncResult> SyncAsync(IServiceProvider services, string sourceId) =>
        Eventually.ValueAsync(
            async () =>
            {
                await using var scope = services.CreateAsyncScope();
                return await scope.ServiceProvider.GetRequiredService<ISender>().Send(new SyncMarketSourceCommand(sourceId));
            },
            result => result.Outcome != SourceSyncOutcome.Skipped,
            () => $"a sync of {sourceId} that is not skipped behind the start-up sync's lock",
            TimeSpan.FromSeconds(30));

    /// <summary>A catalog row as the upload feature would write it, plus the event it would publish.</summary>
    public static async Task AddLocalAppAsync(IServiceProvider services, string source, string owner, JsonObject entry, DateTime? updatedAt = null)
    {
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
            var name = entry["name"]!.GetValue<string>();
            var app = new CatalogApp(source, owner, entry["id"]!.GetValue<string>(), name);
            app.ApplyListing(
                new CatalogListing(name, entry["version"]!.GetValue<string>(), "app", entry.ToJsonString()),
                string.Empty,
                updatedAt ?? new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc));
            db.CatalogApps.Add(app);
            await db.SaveChangesAsync();
        }

        await PublishAsync(services, new MarketEvent(owner, MarketEvent.MarketSystemPoint, new JsonObject { ["point"] = "new_app_ready" }));
    }

    /// <summary>A user's app state as the task engine would write it, plus its app_state_change event.</summary>
    public static async Task SetUserAppAsync(IServiceProvider services, string user, string source, string name, string state, string version = "1.0.0")
    {
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
            _ = db.UserApps.FirstOrDefault(a => a.UserId == user && a.AppName == name);
            db.SeedUserApp(user, source, name, state, version, appId: FakeRemoteMarket.AppIdOf(name), opType: OpType.Install,
                stateTime: new DateTime(2026, 11, 2, 3, 4, 5, DateTimeKind.Utc),
                entrances: [new AppEntrance { Id = "e1", Name = "main", State = "running", Url = "x.alice.olares.local" }]);
            await db.SaveChangesAsync();
        }

        await PublishAsync(services, new MarketEvent(user, MarketEvent.AppStateChange, new JsonObject { ["app_name"] = name }));
    }

    public static async Task PublishAsync(IServiceProvider services, MarketEvent marketEvent) =>
        await services.GetRequiredService<IMarketEventBus>().PublishAsync(marketEvent);

    public static async Task<JsonObject> DataAsync(HttpClient client, string path = "/market/data")
    {
        var envelope = await (await client.GetAsync(Prefix + path)).ReadEnvelopeAsync(HttpStatusCode.OK);
        return envelope["data"]!.AsObject();
    }

    public static async Task<string> HashAsync(HttpClient client)
    {
        var envelope = await (await client.GetAsync(Prefix + "/market/hash")).ReadEnvelopeAsync(HttpStatusCode.OK);
        return envelope["data"]!["hash"]!.GetValue<string>();
    }

    public static JsonObject Source(JsonObject data, string id) => data["user_data"]!["sources"]![id]!.AsObject();

    public static List<string> AppNames(JsonObject data, string source) =>
        Source(data, source)["app_info_latest"]!.AsArray().Select(a => a!["app_simple_info"]!["app_name"]!.GetValue<string>()).ToList();

    /// <summary>Polls until the condition holds (events cross replicas asynchronously); fails after a generous bound.</summary>
    public static Task EventuallyAsync(Func<Task<bool>> condition, string what) => Eventually.HoldsAsync(condition, what, TimeSpan.FromSeconds(30));
}
