using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Market.Domain.Apps;
using Market.Domain.Catalog;
using Market.Infrastructure.Persistence;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Integration.Tests.Apps;

/// <summary>Catalog seeding and client helpers for the PostgreSQL + Redis tests.</summary>
public static class IntegrationKit
{
    public const string Base = "/app-store/api/v2";

    public static async Task AddCatalogAppAsync<T>(WebApplicationFactory<T> factory, string name, string version = "1.0.0")
        where T : class
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        var app = new CatalogApp("upload", string.Empty, AppIdentity.RuntimeAppId(name), name);
        app.ApplyListing(
            new CatalogListing(name, version, "app", new JsonObject
            {
                ["name"] = name,
                ["title"] = name,
                ["entrances"] = new JsonArray(new JsonObject { ["name"] = name, ["host"] = name, ["port"] = 80 }),
            }.ToJsonString()),
            string.Empty,
            DateTime.UtcNow);
        db.CatalogApps.Add(app);
        await db.SaveChangesAsync();
    }

    public static JsonObject InstallBody(string name, bool sync, JsonArray? envs = null) => new()
    {
        ["source"] = "upload",
        ["app_name"] = name,
        ["version"] = "1.0.0",
        ["sync"] = sync,
        ["envs"] = envs ?? [],
    };

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, JsonNode body) =>
        client.PostAsync(Base + path, JsonContent.Create(body));

    public static Task<HttpResponseMessage> DeleteJsonAsync(this HttpClient client, string path, JsonNode body) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, Base + path) { Content = JsonContent.Create(body) });

    public static async Task<JsonObject> EnvelopeAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(expected), text);
        return JsonNode.Parse(text)!.AsObject();
    }

    public static async Task<JsonObject> WaitForTaskAsync(this HttpClient client, string taskId, int timeoutSeconds = 120)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            var task = (await (await client.GetAsync($"{Base}/tasks/{taskId}")).EnvelopeAsync(HttpStatusCode.OK))["data"]!.AsObject();
            if (task["status"]!.GetValue<string>() is "completed" or "failed" or "canceled")
            {
                return task;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"task {taskId} did not end: {task.ToJsonString()}");
            }

            await Task.Delay(50);
        }
    }

    public static async Task<UserApp> WaitForAppAsync<T>(WebApplicationFactory<T> factory, string user, string app, Func<UserApp, bool> predicate, int timeoutSeconds = 120)
        where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            await using (var scope = factory.Services.CreateAsyncScope())
            {
                var row = await scope.ServiceProvider.GetRequiredService<MarketDbContext>().UserApps.AsNoTracking()
                    .FirstOrDefaultAsync(a => a.UserId == user && a.AppName == app);
                if (row is not null && predicate(row))
                {
                    return row;
                }

                if (DateTime.UtcNow > deadline)
                {
                    Assert.Fail($"app {app} of {user} never reached the expected state (last: {row?.State ?? "none"})");
                }
            }

            await Task.Delay(50);
        }
    }
}
