using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Market.Api.Tests.Infrastructure;
using Market.Application.SystemStatus;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static Market.Api.Tests.Infrastructure.CatalogTestKit;
using Market.Application.Common.Platform;

namespace Market.Api.Tests.Catalog;

/// <summary>client-contract §4 item 5: what keeps every compatible app visible.</summary>
public sealed class SystemStatusTests
{
    [Test]
    public async Task Embedded_mode_reports_this_host()
    {
        await using var factory = new MarketApiFactory(new Dictionary<string, string?> { ["Market:System:Version"] = "1.12.4" });
        using var alice = factory.CreateUserClient("alice");
        using var admin = factory.CreateUserClient("admin");

        var envelope = await (await alice.GetAsync(Prefix + "/settings/system-status")).ReadEnvelopeAsync(HttpStatusCode.OK);

        Assert.That(envelope.Message(), Is.EqualTo("System status aggregation complete"));
        var data = envelope["data"]!.AsObject();
        Assert.That(data.Select(p => p.Key), Is.EqualTo(new[] { "user_info", "users", "cur_user_resource", "cluster_resource", "terminus_version" }));
        Assert.That(data["user_info"]!["username"]!.GetValue<string>(), Is.EqualTo("alice"));
        Assert.That(data["user_info"]!["role"]!.GetValue<string>(), Is.EqualTo("normal"));
        Assert.That(data["terminus_version"]!["version"]!.GetValue<string>(), Is.EqualTo("1.12.4"));
        var cluster = data["cluster_resource"]!.AsObject();
        Assert.That(cluster["nodes"]!.AsArray().Select(n => n!.GetValue<string>()), Is.EqualTo(new[] { HostArchitecture.Current }));
        Assert.That(cluster["apps"], Is.InstanceOf<JsonArray>());
        foreach (var metric in new[] { "cpu", "memory", "disk", "gpu" })
        {
            Assert.That(cluster["metrics"]![metric]!["total"], Is.Not.Null, metric);
            Assert.That(cluster["metrics"]![metric]!["usage"], Is.Not.Null, metric);
        }

        Assert.That(cluster["metrics"]!["cpu"]!["total"]!.GetValue<double>(), Is.EqualTo(Environment.ProcessorCount));
        Assert.That(cluster["metrics"]!["memory"]!["total"]!.GetValue<double>(), Is.GreaterThan(0), "real memory of this host");
        Assert.That(cluster["metrics"]!["disk"]!["total"]!.GetValue<double>(), Is.GreaterThan(0), "real disk of this host");
        Assert.That(data["cur_user_resource"]!["cpu"]!["total"]!.GetValue<double>(), Is.GreaterThan(0));
        Assert.That(data["cur_user_resource"]!["memory"]!["usage"]!.GetValue<double>(), Is.GreaterThan(0));

        var adminData = (await (await admin.GetAsync(Prefix + "/settings/system-status")).ReadEnvelopeAsync(HttpStatusCode.OK))["data"]!;
        Assert.That(adminData["user_info"]!["role"]!.GetValue<string>(), Is.EqualTo("admin"), "role from the user directory");
    }

    [Test]
    public async Task Olares_mode_passes_app_service_through_and_fills_what_is_missing()
    {
        await using var appService = await FakeAppService.StartAsync();
        await using var factory = new MarketApiFactory(new Dictionary<string, string?>
        {
            ["Market:Runtime:Provider"] = "Olares",
            ["Market:Runtime:Olares:AppServiceUrl"] = appService.BaseUrl,
            ["Market:System:Version"] = "1.12.3",
        });
        using var alice = factory.CreateUserClient("alice");

        var data = (await (await alice.GetAsync(Prefix + "/settings/system-status")).ReadEnvelopeAsync(HttpStatusCode.OK))["data"]!;

        Assert.That(data["cluster_resource"]!["nodes"]!.AsArray().Select(n => n!.GetValue<string>()), Is.EqualTo(new[] { "arm64" }));
        Assert.That(data["cluster_resource"]!["apps"]![0]!["name"]!.GetValue<string>(), Is.EqualTo("postgres"));
        Assert.That(data["cluster_resource"]!["metrics"]!["cpu"]!["total"]!.GetValue<double>(), Is.EqualTo(16));
        Assert.That(data["cur_user_resource"]!["memory"]!["total"]!.GetValue<double>(), Is.EqualTo(8589934592));
        var directory = factory.Services.GetRequiredService<Market.Application.Common.Interfaces.IUserDirectory>();
        Assert.That(data["user_info"]!["role"]!.GetValue<string>(), Is.EqualTo(await directory.GetRoleAsync("alice", CancellationToken.None)), "role from the user directory");
        Assert.That(data["terminus_version"]!["version"]!.GetValue<string>(), Is.EqualTo("1.12.3"), "app-service failed: configured version");
        Assert.That(appService.Users, Does.Contain("alice"), "asked on the caller's behalf");
    }

    [Test]
    public async Task Olares_mode_reports_the_deployments_OLARES_VERSION()
    {
        await using var appService = await FakeAppService.StartAsync();
        await using var factory = new MarketApiFactory(new Dictionary<string, string?>
        {
            ["Market:Runtime:Provider"] = "Olares",
            ["Market:Runtime:Olares:AppServiceUrl"] = appService.BaseUrl,
            ["Market:System:Version"] = "1.12.3",
            ["OLARES_VERSION"] = "1.12.7",
        });
        using var alice = factory.CreateUserClient("alice");

        var data = (await (await alice.GetAsync(Prefix + "/settings/system-status")).ReadEnvelopeAsync(HttpStatusCode.OK))["data"]!;

        Assert.That(data["terminus_version"]!["version"]!.GetValue<string>(), Is.EqualTo("1.12.7"), "the deployment's variable wins over the key");
    }

    /// <summary>app-service's four status endpoints; terminus/version is broken on purpose.</summary>
    private sealed class FakeAppService : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private FakeAppService(WebApplication app) => _app = app;

        public string BaseUrl { get; private set; } = string.Empty;

        public ConcurrentBag<string> Users { get; } = [];

        public static async Task<FakeAppService> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var fake = new FakeAppService(app);
            static JsonObject Metric(double total, double usage) => new() { ["total"] = total, ["usage"] = usage, ["ratio"] = usage / total * 100, ["unit"] = "" };
            app.MapGet("/app-service/v1/user-info", (HttpContext c) =>
            {
                fake.Users.Add(c.Request.Headers["X-Bfl-User"].ToString());
                return Results.Json(new JsonObject { ["username"] = "alice", ["role"] = "owner" });
            });
            app.MapGet("/app-service/v1/user/resource", () => Results.Json(new JsonObject { ["cpu"] = Metric(4, 1), ["memory"] = Metric(8589934592, 1073741824) }));
            app.MapGet("/app-service/v1/cluster/resource", () => Results.Json(new JsonObject
            {
                ["metrics"] = new JsonObject { ["cpu"] = Metric(16, 3), ["memory"] = Metric(34359738368, 4294967296), ["disk"] = Metric(1e12, 2e11), ["gpu"] = Metric(1, 0) },
                ["nodes"] = new JsonArray("arm64"),
                ["apps"] = new JsonArray(new JsonObject { ["name"] = "postgres", ["type"] = "middleware", ["state"] = "running", ["version"] = "16" }),
            }));
            app.MapGet("/app-service/v1/terminus/version", () => Results.StatusCode(500));
            await app.StartAsync();
            fake.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return fake;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
