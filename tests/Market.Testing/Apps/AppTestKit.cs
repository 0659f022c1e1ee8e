using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Market.Testing.Http;
using Market.Testing.Waiting;
using Market.Application.Common.Interfaces;
using Market.Domain.Apps;
using Market.Domain.Catalog;
using Market.Infrastructure.Persistence;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Testing.Apps;

/// <summary>Seeds catalog rows the way the catalog features would, and follows tasks and pushes like a client.</summary>
public static class AppTestKit
{
    public const string Base = "/app-store/api/v2";

    public static readonly JsonArray TwoEntrances =
    [
        new JsonObject { ["name"] = "web", ["host"] = "web-svc", ["port"] = 8080, ["title"] = "Web", ["authLevel"] = "private", ["openMethod"] = "window" },
        new JsonObject { ["name"] = "admin", ["host"] = "admin-svc", ["port"] = 9090, ["title"] = "Admin", ["invisible"] = true },
    ];

    /// <summary>An entry's <c>accelerator[]</c> declaring <paramref name="modes"/> (several: the runtime asks which one).</summary>
    public static JsonObject Accelerators(params string[] modes) => new()
    {
        ["accelerator"] = new JsonArray(modes.Select(m => (JsonNode)new JsonObject { ["mode"] = m, ["requiredCpu"] = "1", ["requiredMemory"] = "1Gi" }).ToArray()),
    };

    /// <summary>Adds an app to a source's catalog (<paramref name="owner"/> "" = visible to everybody).</summary>
    public static async Task<CatalogApp> AddCatalogAppAsync<TProgram>(
        WebApplicationFactory<TProgram> factory,
        string name,
        string version = "1.0.0",
        string source = "upload",
        string owner = "",
        JsonArray? entrances = null,
        JsonArray? envs = null,
        string? priceJson = null,
        JsonObject? entryExtras = null)
        where TProgram : class
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        var existing = await db.CatalogApps.FirstOrDefaultAsync(a => a.SourceId == source && a.Name == name && a.Owner == owner);
        var app = existing ?? new CatalogApp(source, owner, AppIdentity.RuntimeAppId(name), name);
        var entry = new JsonObject
        {
            ["name"] = name,
            ["version"] = version,
            ["title"] = new JsonObject { ["en-US"] = name.ToUpperInvariant() + " app" },
            ["icon"] = $"https://icons.example/{name}.png",
            ["cfgType"] = "app",
            ["entrances"] = (entrances ?? [new JsonObject { ["name"] = name, ["host"] = name, ["port"] = 80, ["title"] = name }]).DeepClone(),
            ["envs"] = (envs ?? []).DeepClone(),
        };
        foreach (var (key, value) in entryExtras ?? [])
        {
            entry[key] = value?.DeepClone(); // e.g. accelerator[], options.templateOnly
        }

        var entryJson = entry.ToJsonString();
        app.ApplyListing(new CatalogListing(name, version, "app", entryJson, PriceJson: priceJson), string.Empty, DateTime.UtcNow);
        if (existing is null)
        {
            db.CatalogApps.Add(app);
        }

        await db.SaveChangesAsync();
        return app;
    }

    public static JsonObject InstallBody(string name, string version = "1.0.0", string source = "upload", bool sync = true, JsonArray? envs = null)
    {
        var body = new JsonObject { ["source"] = source, ["app_name"] = name, ["version"] = version, ["sync"] = sync };
        if (envs is not null)
        {
            body["envs"] = envs.DeepClone();
        }

        return body;
    }

    public static Task<HttpResponseMessage> SendJsonAsync(this HttpClient client, HttpMethod method, string path, JsonNode? body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(method, Base + path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> SendRawAsync(this HttpClient client, HttpMethod method, string path, string raw) =>
        client.SendAsync(new HttpRequestMessage(method, Base + path) { Content = new StringContent(raw, System.Text.Encoding.UTF8, "application/json") });

    /// <summary>Reads the task until it is over (bounded so a hung engine fails the test instead of hanging it).</summary>
    public static async Task<JsonObject> WaitForTaskAsync(this HttpClient client, string taskId, int timeoutSeconds = 60)
    {
        JsonObject? last = null;
        return await Eventually.ValueAsync(
            async () => last = (await (await client.GetAsync($"{Base}/tasks/{taskId}")).ReadEnvelopeAsync(HttpStatusCode.OK))["data"]!.AsObject(),
            task => task["status"]!.GetValue<string>() is "completed" or "failed" or "canceled",
            () => $"task {taskId} to end (last: {last?.ToJsonString()})",
            TimeSpan.FromSeconds(timeoutSeconds));
    }

    /// <summary>Waits until the caller's state of <paramref name="app"/> satisfies <paramref name="predicate"/> (read from the database row).</summary>
    public static async Task<UserApp> WaitForAppAsync<TProgram>(WebApplicationFactory<TProgram> factory, string user, string app, Func<UserApp, bool> predicate, int timeoutSeconds = 60)
        where TProgram : class
    {
        UserApp? last = null;
        return await Eventually.ValueAsync(
            async () => last = await ReadAppAsync(factory, user, app),
            predicate,
            () => $"app {app} of {user} to reach the expected state (last: {last?.State.ToWire() ?? "none"})",
            TimeSpan.FromSeconds(timeoutSeconds));
    }

    public static async Task<UserApp?> ReadAppAsync<TProgram>(WebApplicationFactory<TProgram> factory, string user, string app)
        where TProgram : class
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        return await db.UserApps.AsNoTracking().FirstOrDefaultAsync(a => a.UserId == user && a.AppName == app);
    }

    public static string TaskId(this JsonObject envelope) => envelope["data"]!["task_id"]!.GetValue<string>();
}

/// <summary>Records every market event this host's bus delivers (what /ws and SSE would forward).</summary>
public sealed class EventRecorder : IDisposable
{
    private readonly IDisposable _subscription;

    public EventRecorder(IServiceProvider services)
    {
        _subscription = services.GetRequiredService<IMarketEventBus>().Subscribe(e =>
        {
            Events.Enqueue(e);
            return ValueTask.CompletedTask;
        });
    }

    public ConcurrentQueue<MarketEvent> Events { get; } = new();

    /// <summary>The states pushed to <paramref name="user"/> for <paramref name="app"/>, in order, without repeats.</summary>
    public List<string> StatesOf(string user, string app)
    {
        var states = new List<string>();
        foreach (var e in Events.Where(e => e.User == user && e.NotifyType == MarketEvent.AppStateChange && e.Payload["app_name"]?.GetValue<string>() == app))
        {
            var state = e.Payload["app_state_latest"]!["status"]!["state"]!.GetValue<string>();
            if (states.Count == 0 || states[^1] != state)
            {
                states.Add(state);
            }
        }

        return states;
    }

    public List<string> PointsOf(string user, string app) =>
        Events.Where(e => e.User == user && e.NotifyType == MarketEvent.MarketSystemPoint && e.Payload["extensions"]?["app_name"]?.GetValue<string>() == app)
            .Select(e => e.Payload["point"]!.GetValue<string>())
            .ToList();

    /// <summary>Waits for the task point <paramref name="point"/> of <paramref name="user"/>'s <paramref name="app"/>.</summary>
    public Task<MarketEvent> WaitForPointAsync(string user, string app, string point) =>
        WaitForAsync(e => e.User == user && e.NotifyType == MarketEvent.MarketSystemPoint
            && e.Payload["extensions"]?["app_name"]?.GetValue<string>() == app && e.Payload["point"]?.GetValue<string>() == point);

    /// <summary>The newest event matching <paramref name="match"/>, waiting for it: events are delivered asynchronously.</summary>
    public Task<MarketEvent> WaitForAsync(Func<MarketEvent, bool> match, int timeoutSeconds = 30) =>
        Eventually.ValueAsync(() => Task.FromResult(Events.LastOrDefault(match)), _ => true, () => "the expected event", TimeSpan.FromSeconds(timeoutSeconds));

    public void Dispose() => _subscription.Dispose();
}
