using Market.Application.Common.Interfaces;
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

    public static Task AddCatalogAppAsync<T>(WebApplicationFactory<T> factory, string name, string version = "1.0.0")
        where T : class => AppTestKit.AddCatalogAppAsync(factory, name, version);

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

    /// <summary>The app kit's wait, with room for a shared PostgreSQL under load.</summary>
    public static Task<UserApp> WaitForAppAsync<T>(WebApplicationFactory<T> factory, string user, string app, Func<UserApp, bool> predicate, int timeoutSeconds = 120)
        where T : class => AppTestKit.WaitForAppAsync(factory, user, app, predicate, timeoutSeconds);

    /// <summary>
    /// Waits until <paramref name="to"/>'s Redis subscription is live (it is set up while its host starts):
    /// a probe event published on <paramref name="from"/> reaches <paramref name="to"/>'s listeners.
    /// </summary>
    public static async Task WaitForEventFanOutAsync(IServiceProvider from, IServiceProvider to)
    {
        const string probe = "replica_probe";
        var heard = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = to.GetRequiredService<IMarketEventBus>().Subscribe(e =>
        {
            if (e.NotifyType == probe)
            {
                heard.TrySetResult();
            }

            return ValueTask.CompletedTask;
        });
        var bus = from.GetRequiredService<IMarketEventBus>();
        await Eventually.HoldsAsync(
            async () =>
            {
                await bus.PublishAsync(new MarketEvent("replica-probe", probe, []));
                return await Eventually.WithinAsync(() => Task.FromResult(heard.Task.IsCompleted), TimeSpan.FromMilliseconds(100));
            },
            "the replica to hear events through Redis",
            TimeSpan.FromSeconds(30));
    }
}
