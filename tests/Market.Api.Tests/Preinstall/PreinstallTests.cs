using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Market.Api.Tests.Infrastructure;
using Market.Application.Preinstall.Commands.RunPreinstall;
using Market.Domain.Apps;
using Market.Domain.Preinstall;
using Market.Infrastructure.Persistence;
using Market.Infrastructure.Preinstall;
using Market.Testing.Seeds;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Market.Api.Tests.Preinstall;

/// <summary>
/// Preinstall declarations (issue 17): a 1.12.7 declaration installs its shared catalog app once the official
/// catalog has it and its local charts at once, in <c>installOrder</c>, per scope; a restart installs nothing
/// again (not even what a user removed); a schema "1" file and a file whose chart does not match its sha256
/// install nothing, and Market keeps serving.
/// </summary>
[NonParallelizable]
public sealed class PreinstallTests
{
    private string _root = null!;
    private string _dir = null!;

    [SetUp]
    public void SetUp()
    {
        _root = Path.Combine(Path.GetTempPath(), "market-preinstall-tests", Guid.NewGuid().ToString("N"));
        _dir = Path.Combine(_root, "preinstall");
        Directory.CreateDirectory(Path.Combine(_dir, "charts"));
    }

    [TearDown]
    public void TearDown()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // a file still open by a slow shutdown; the OS cleans temp later
        }
    }

    private MarketApiFactory Start() => new(new Dictionary<string, string?>
    {
        ["Market:Preinstall:Dir"] = _dir,
        ["Market:Preinstall:ScanIntervalSeconds"] = "1",
        ["Market:Storage:SqlitePath"] = Path.Combine(_root, "market.db"),
        ["Market:Packages:Path"] = Path.Combine(_root, "packages"),
    });

    private string WriteChart(string name, string version)
    {
        var bytes = ChartArchiveBuilder.Valid(name, version, ChartArchiveBuilder.Manifest(name, version)).Build();
        File.WriteAllBytes(Path.Combine(_dir, "charts", $"{name}-{version}.tgz"), bytes);
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    private static JsonObject Local(string id, string name, string scope, int order, string sha, JsonObject? envs = null) => new()
    {
        ["appId"] = id, ["appName"] = name, ["installScope"] = scope, ["installOrder"] = order, ["chartSource"] = "local",
        ["version"] = "1.0.0", ["chart"] = $"charts/{name}-1.0.0.tgz", ["chartSha256"] = sha, ["appEntry"] = new JsonObject { ["name"] = name },
        ["envs"] = envs ?? [],
    };

    private void WriteDeclaration(string trunk, string schema, params JsonObject[] apps) =>
        File.WriteAllText(Path.Combine(_dir, $"preinstall-{trunk}.json"),
            new JsonObject { ["schemaVersion"] = schema, ["generatedAt"] = "2026-09-20T00:00:00Z", ["apps"] = new JsonArray(apps) }.ToJsonString());

    [Test]
    public async Task A_declaration_is_installed_once_in_order_per_scope_and_not_again_after_a_restart()
    {
        var noteSha = WriteChart("localnote", "1.0.0");
        var baseSha = WriteChart("localbase", "1.0.0");
        WriteDeclaration("1.12.7", "2",
            new JsonObject { ["appId"] = "f3395cd5", ["appName"] = "router", ["installScope"] = "shared", ["installOrder"] = 20, ["chartSource"] = "catalog" },
            Local("n1", "localnote", "per-user", 10, noteSha, new JsonObject { ["HF_HUB_OFFLINE"] = "1" }),
            Local("b1", "localbase", "shared", 5, baseSha));
        WriteDeclaration("1.12.6", "1", Local("old", "oldapp", "shared", 0, noteSha));

        using (var factory = Start())
        {
            await SeedKnownUserAsync(factory, "alice");

            await AppTestKit.WaitForAppAsync(factory, "admin", "localbase", a => a.State == AppStates.Running);
            await AppTestKit.WaitForAppAsync(factory, "admin", "localnote", a => a.State == AppStates.Running);
            await AppTestKit.WaitForAppAsync(factory, "alice", "localnote", a => a.State == AppStates.Running);
            Assert.That(await AppTestKit.ReadAppAsync(factory, "alice", "localbase"), Is.Null, "a shared app is installed once, by the admin");
            Assert.That(await DecisionAsync(factory, "router", "admin"), Has.Property(nameof(PreinstallDecision.Outcome)).EqualTo(PreinstallDecision.Waiting),
                "the router waits for the official catalog");

            await AppTestKit.AddCatalogAppAsync(factory, "router", source: "market.olares");
            var router = await AppTestKit.WaitForAppAsync(factory, "admin", "router", a => a.State == AppStates.Running);
            Assert.That(router.SourceId, Is.EqualTo("market.olares"));

            var adminTasks = await TasksAsync(factory, "admin");
            Assert.That(adminTasks, Is.EqualTo(new[] { "localbase", "localnote", "router" }), "installOrder 5, 10, then 20 once the catalog had it");
            var refused = await DecisionAsync(factory, string.Empty, string.Empty, "preinstall-1.12.6.json");
            Assert.That(refused!.Reason, Does.Contain("schemaVersion '1' is not supported"));
            Assert.That(await HistoryAsync(factory), Does.Contain("preinstall router: waiting (router is not in the official catalog yet)")
                .And.Contain("preinstall localbase: installed (install of localbase 1.0.0 from upload submitted)"));

            using var admin = factory.CreateUserClient("admin");
            await (await admin.SendJsonAsync(HttpMethod.Delete, "/apps/localbase", new JsonObject { ["version"] = "1.0.0", ["sync"] = true })).ReadEnvelopeAsync(HttpStatusCode.OK);
            await AppTestKit.WaitForAppAsync(factory, "admin", "localbase", a => a.State == AppStates.Uninstalled);
        }

        using (var restarted = Start())
        {
            var scanner = restarted.Services.GetServices<IHostedService>().OfType<PreinstallService>().Single();
            await Eventually.HoldsAsync(() => Task.FromResult(scanner.CompletedScans >= 2), "two preinstall scans after the restart", TimeSpan.FromSeconds(30));
            await using var scope = restarted.Services.CreateAsyncScope();
            var again = await scope.ServiceProvider.GetRequiredService<Mediator.ISender>().Send(new RunPreinstallCommand());

            Assert.That(again, Is.Zero, "everything was decided before the restart");
            Assert.That(await TasksAsync(restarted, "admin"), Is.EqualTo(new[] { "localbase", "localnote", "router" }), "no install is sent again");
            Assert.That((await AppTestKit.ReadAppAsync(restarted, "admin", "localbase"))!.State, Is.EqualTo(AppStates.Uninstalled), "what the admin removed stays removed");
        }
    }

    [Test]
    public async Task A_chart_that_does_not_match_its_sha256_refuses_the_whole_file_and_Market_keeps_serving()
    {
        var sha = WriteChart("goodapp", "1.0.0");
        WriteChart("badapp", "1.0.0");
        WriteDeclaration("1.12.7", "2", Local("g", "goodapp", "shared", 0, sha), Local("b", "badapp", "shared", 1, new string('0', 64)));

        using var factory = Start();
        var scanner = factory.Services.GetServices<IHostedService>().OfType<PreinstallService>().Single();
        await Eventually.HoldsAsync(() => Task.FromResult(scanner.CompletedScans >= 1), "a preinstall scan", TimeSpan.FromSeconds(30));

        var refused = await DecisionAsync(factory, string.Empty, string.Empty);
        Assert.That(refused!.Reason, Does.Contain($"badapp: chart charts/badapp-1.0.0.tgz has sha256 {Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(_dir, "charts", "badapp-1.0.0.tgz"))))}, not the declared"));
        Assert.That(await TasksAsync(factory, "admin"), Is.Empty);
        using var client = factory.CreateUserClient("admin");
        (await client.GetAsync("/app-store/api/v2/market/hash")).EnsureSuccessStatusCode();
    }

    private static async Task SeedKnownUserAsync(MarketApiFactory factory, string user)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        db.SeedUserApp(user, "upload", "somethingelse", AppStates.Uninstalled, "1.0.0", appId: "x");
        await db.SaveChangesAsync();
    }

    private static async Task<PreinstallDecision?> DecisionAsync(MarketApiFactory factory, string app, string account, string file = "preinstall-1.12.7.json")
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MarketDbContext>().PreinstallDecisions.AsNoTracking()
            .FirstOrDefaultAsync(d => d.Declaration == file && d.AppName == app && d.Account == account);
    }

    private static async Task<List<string>> TasksAsync(MarketApiFactory factory, string user)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MarketDbContext>().AppTasks.AsNoTracking()
            .Where(t => t.UserId == user && t.Type == OpType.Install).OrderBy(t => t.CreatedAt).Select(t => t.AppName).ToListAsync();
    }

    private static async Task<List<string>> HistoryAsync(MarketApiFactory factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MarketDbContext>().HistoryRecords.AsNoTracking()
            .Where(h => h.Type == RunPreinstallCommandHandler.HistoryType).OrderBy(h => h.Id).Select(h => h.Message).ToListAsync();
    }
}
