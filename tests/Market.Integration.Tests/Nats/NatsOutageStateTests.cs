using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Market.Application.Common.Interfaces;
using Market.Domain.Apps;
using Market.Infrastructure.Persistence;
using Market.Integration.Tests.Apps;
using Market.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NATS.Client.Core;

namespace Market.Integration.Tests.Nats;

/// <summary>
/// Issue 17: two replicas install apps while nats-server is stopped; after it comes back, the last
/// <c>app_state_change</c> each user's subject carries for each app is the app's real state. Before, each
/// replica emptied its own buffer when it reconnected, so one replica's stale <c>downloading</c> could land after
/// the other's <c>running</c> and nothing corrected it.
/// </summary>
[NonParallelizable]
public sealed class NatsOutageStateTests
{
    private const int AppCount = 16;
    private static readonly string[] Users = ["ann", "ben"];

    [Test]
    public async Task After_a_nats_outage_during_installs_by_two_replicas_every_users_last_event_is_the_real_state()
    {
        var prefix = TestNats.NewPrefix();
        await using var deployment = await Deployment.CreateAsync();
        await using var server = await PrivateNatsServer.StartAsync();
        await using var appService = await FakeAppService.StartAsync(TimeSpan.FromMilliseconds(400));
        await using var nats = await TestNats.ConnectAsync(server.Url);
        appService.Announce = message => nats.PublishJsonAsync($"{prefix}.application.{message["user"]!.GetValue<string>()}", message);
        await using var recorder = await NatsRecorder.StartAsync(nats, $"{prefix}.market.>");
        using var first = StartHost(deployment, appService, server.Url, prefix);
        using var second = StartHost(deployment, appService, server.Url, prefix);
        await Eventually.HoldsAsync(() => Task.FromResult(Fabric(first).Connected && Fabric(second).Connected), "both replicas connected", TimeSpan.FromSeconds(30));
        await Eventually.HoldsAsync(() => Task.FromResult(appService.StatusPolls > 0), "the start reconcile", TimeSpan.FromSeconds(30));

        var apps = Enumerable.Range(0, AppCount).Select(i => (User: Users[i % 2], App: $"outage{i:00}", Host: i % 4 < 2 ? first : second)).ToList();
        foreach (var (_, app, _) in apps)
        {
            await IntegrationKit.AddCatalogAppAsync(first, app);
        }

        foreach (var (user, app, host) in apps)
        {
            using var client = host.CreateUserClient(user);
            await (await client.PostJsonAsync($"/apps/{app}/install", IntegrationKit.InstallBody(app, sync: false))).ReadEnvelopeAsync(HttpStatusCode.OK);
        }

        await Eventually.HoldsAsync(async () => (await StatesAsync(first)).Values.Any(s => s == AppState.Downloading.ToWire()), "an install under way", TimeSpan.FromSeconds(60));
        await server.StopAsync();
        // Installs go on while NATS is away: their changes are buffered, the stale with the fresh.
        var seen = new Dictionary<(string, string), string>();
        await Eventually.HoldsAsync(
            async () => (seen = await StatesAsync(first)).Values.Count(s => s == AppState.Running.ToWire()) >= AppCount / 2,
            () => "half of the installs finished during the outage: " + Describe(seen),
            TimeSpan.FromSeconds(120));
        await server.StartAgainAsync();
        await Eventually.HoldsAsync(
            async () => (seen = await StatesAsync(first)).Values.Count(s => s == AppState.Running.ToWire()) == AppCount,
            () => "every install finished: " + Describe(seen),
            TimeSpan.FromSeconds(120));

        var real = await StatesAsync(first);
        await Eventually.HoldsAsync(
            () => Task.FromResult(apps.All(a => LastState(recorder, prefix, a.User, a.App) == real[(a.User, a.App)])),
            "every user's last app_state_change equal to the real state: "
            + string.Join(", ", apps.Select(a => $"{a.App}={LastState(recorder, prefix, a.User, a.App)}")),
            TimeSpan.FromSeconds(60));
        Assert.That(Fabric(first).Reconnects + Fabric(second).Reconnects, Is.GreaterThanOrEqualTo(2), "both replicas lived through the outage");
        Assert.That(real.Values, Is.All.EqualTo(AppState.Running.ToWire()));
    }

    private static MarketIntegrationFactory StartHost(Deployment deployment, FakeAppService appService, string url, string prefix)
    {
        var settings = TestNats.Settings(url, prefix);
        settings["Market:Runtime:Provider"] = "Olares";
        settings["Market:Runtime:Olares:AppServiceUrl"] = appService.Url;
        settings["Market:Runtime:Olares:PollIntervalMs"] = "300";
        var host = deployment.StartReplica(settings);
        _ = host.Server;
        return host;
    }

    private static async Task<Dictionary<(string, string), string>> StatesAsync(MarketIntegrationFactory host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var rows = await scope.ServiceProvider.GetRequiredService<MarketDbContext>().UserApps.AsNoTracking()
            .Where(a => a.AppName.StartsWith("outage")).Select(a => new { a.UserId, a.AppName, a.State }).ToListAsync();
        return rows.ToDictionary(r => (r.UserId, r.AppName), r => r.State.ToWire());
    }

    private static string Describe(Dictionary<(string, string), string> states) => string.Join(", ", states.Select(s => $"{s.Key.Item2}={s.Value}"));

    private static string? LastState(NatsRecorder recorder, string prefix, string user, string app) =>
        recorder.Messages
            .Where(m => m.Subject == $"{prefix}.market.{user}" && Text(m.Body, "notify_type") == "app_state_change" && Text(m.Body, "app_name") == app)
            .Select(m => Text(m.Body["app_state_latest"]!["status"]!, "state"))
            .LastOrDefault();

    private static Market.Application.Runtime.Models.NatsDiagnosticDto Fabric(MarketIntegrationFactory host) =>
        host.Services.GetRequiredService<IEventFabricStatus>().GetStatus();

    private static string Text(JsonNode node, string key) => node[key] is JsonValue v && v.TryGetValue<string>(out var t) ? t : string.Empty;
}
