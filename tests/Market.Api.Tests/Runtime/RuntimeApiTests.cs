using Market.Testing.Seeds;
using System.Net;
using System.Text.Json.Nodes;
using Market.Api.Tests.Apps;
using Market.Api.Tests.Infrastructure;
using Market.Application.Runtime;
using Market.Domain.Apps;
using Market.Domain.Catalog;
using Market.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Api.Tests.Runtime;

/// <summary>The admin runtime and diagnostic routes: who may call them, what they show and what they never show.</summary>
[NonParallelizable]
public sealed class RuntimeApiTests
{
    private const string Secret = "s3cr3t-value";
    private MarketApiFactory _factory = null!;
    private HttpClient _admin = null!;
    private string _installTaskId = string.Empty;

    private static readonly string[] AdminGets = ["/runtime/state", "/runtime/dashboard", "/runtime/dashboard-app", "/diagnostic", "/market/debug-memory"];
    private static readonly string[] AdminPosts = ["/reload", "/cleanup"];

    [OneTimeSetUp]
    public async Task Start()
    {
        _factory = new MarketApiFactory();
        _admin = _factory.CreateUserClient("admin");

        // One installed app with an env value the runtime views must never show.
        using var carol = _factory.CreateUserClient("carol");
        await AppTestKit.AddCatalogAppAsync(_factory, "notes", envs: [new JsonObject { ["envName"] = "API_KEY", ["type"] = "string", ["required"] = true }]);
        var envelope = await (await carol.SendJsonAsync(HttpMethod.Post, "/apps/notes/install",
            AppTestKit.InstallBody("notes", envs: [new JsonObject { ["envName"] = "API_KEY", ["value"] = Secret }]))).ReadEnvelopeAsync(HttpStatusCode.OK);
        _installTaskId = await LatestTaskIdAsync("carol", "notes");
        Assert.That(envelope.Message(), Is.EqualTo("App installation completed successfully"));
        await AppTestKit.WaitForAppAsync(_factory, "carol", "notes", a => a.State == AppState.Running);
        await carol.WaitForTaskAsync(_installTaskId);
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _admin.Dispose();
        _factory.Dispose();
    }

    [Test]
    public async Task A_normal_user_is_refused_every_admin_route_with_403()
    {
        using var bob = _factory.CreateUserClient("bob");
        foreach (var path in AdminGets)
        {
            var envelope = await (await bob.GetAsync(HttpExtensions.Prefix + path)).ReadEnvelopeAsync(HttpStatusCode.Forbidden);
            Assert.That(envelope["success"]!.GetValue<bool>(), Is.False, path);
        }

        foreach (var path in AdminPosts)
        {
            await (await bob.PostAsync(HttpExtensions.Prefix + path, null)).ReadEnvelopeAsync(HttpStatusCode.Forbidden);
        }
    }

    [Test]
    public async Task Without_a_user_every_admin_route_answers_401()
    {
        using var anonymous = _factory.CreateRawClient();
        foreach (var path in AdminGets)
        {
            var envelope = await (await anonymous.GetAsync(HttpExtensions.Prefix + path)).ReadEnvelopeAsync(HttpStatusCode.Unauthorized);
            Assert.That(envelope.Message(), Is.EqualTo("Failed to get user information"), path);
        }

        foreach (var path in AdminPosts)
        {
            await (await anonymous.PostAsync(HttpExtensions.Prefix + path, null)).ReadEnvelopeAsync(HttpStatusCode.Unauthorized);
        }
    }

    [Test]
    public async Task The_snapshot_shows_the_installed_app_its_task_sources_and_components()
    {
        var envelope = await (await _admin.GetAsync(HttpExtensions.Prefix + "/runtime/state")).ReadEnvelopeAsync(HttpStatusCode.OK);

        Assert.That(envelope.Message(), Is.EqualTo("Runtime state retrieved successfully"));
        var data = envelope["data"]!.AsObject();
        Assert.That(DateTime.TryParse(data["timestamp"]!.GetValue<string>(), out _), Is.True);

        var app = data["app_states"]!["carol:upload:notes"]!.AsObject();
        Assert.That(app["stage"]!.GetValue<string>(), Is.EqualTo("running"));
        Assert.That(app["health"]!.GetValue<string>(), Is.EqualTo("healthy"));
        Assert.That(app["version"]!.GetValue<string>(), Is.EqualTo("1.0.0"));
        Assert.That(app["user_id"]!.GetValue<string>(), Is.EqualTo("carol"));

        var task = data["tasks"]![_installTaskId]!.AsObject();
        Assert.That(task["type"]!.GetValue<string>(), Is.EqualTo("install"));
        Assert.That(task["status"]!.GetValue<string>(), Is.EqualTo("completed"));
        Assert.That(task["progress"]!.GetValue<int>(), Is.EqualTo(100));
        Assert.That(task["app_name"]!.GetValue<string>(), Is.EqualTo("notes"));

        var components = data["components"]!.AsObject();
        Assert.That(components.Select(c => c.Key), Is.SupersetOf(new[] { "database", "hot_state", "task_workers", "sync" }));
        Assert.That(components["database"]!["healthy"]!.GetValue<bool>(), Is.True);
        Assert.That(components["hot_state"]!["status"]!.GetValue<string>(), Is.EqualTo("running"));

        Assert.That(data["sources"]!.AsArray().Select(s => s!["source_id"]!.GetValue<string>()), Does.Contain("market.olares"));

        var summary = data["summary"]!.AsObject();
        Assert.That(summary["total_apps"]!.GetValue<int>(), Is.EqualTo(data["app_states"]!.AsObject().Count));
        Assert.That(summary["completed_tasks"]!.GetValue<int>(), Is.GreaterThanOrEqualTo(1));
        Assert.That(summary["healthy_apps"]!.GetValue<int>(), Is.GreaterThanOrEqualTo(1));
    }

    [Test]
    public async Task Filters_narrow_apps_and_tasks()
    {
        await SeedAppAsync("dave", "market.olares", "calendar", AppState.InstallFailed.ToWire());

        var byUser = await StateAsync("?user_id=dave");
        Assert.That(byUser["app_states"]!.AsObject().Select(a => a.Key), Is.EqualTo(new[] { "dave:market.olares:calendar" }));
        Assert.That(byUser["app_states"]!["dave:market.olares:calendar"]!["stage"]!.GetValue<string>(), Is.EqualTo("failed"));
        Assert.That(byUser["tasks"]!.AsObject(), Is.Empty, "carol's task is not dave's");
        Assert.That(byUser["summary"]!["unhealthy_apps"]!.GetValue<int>(), Is.EqualTo(1));

        var bySource = await StateAsync("?source_id=upload");
        Assert.That(bySource["app_states"]!.AsObject().Select(a => a.Key), Does.Contain("carol:upload:notes").And.Not.Contain("dave:market.olares:calendar"));

        var byApp = await StateAsync("?app_name=notes");
        Assert.That(byApp["app_states"]!.AsObject().Select(a => a.Key), Is.EqualTo(new[] { "carol:upload:notes" }));
        Assert.That(byApp["tasks"]!.AsObject().Select(t => t.Key), Does.Contain(_installTaskId));

        var failedTasks = await StateAsync("?task_status=failed");
        Assert.That(failedTasks["tasks"]!.AsObject().Select(t => t.Key), Does.Not.Contain(_installTaskId));
        var installs = await StateAsync("?task_type=install&task_status=completed");
        Assert.That(installs["tasks"]!.AsObject().Select(t => t.Key), Does.Contain(_installTaskId));
        var uninstalls = await StateAsync("?task_type=uninstall");
        Assert.That(uninstalls["tasks"]!.AsObject(), Is.Empty);
        Assert.That(uninstalls["components"]!.AsObject().Count, Is.GreaterThanOrEqualTo(4), "components are never filtered");
    }

    [Test]
    public async Task No_env_value_of_a_task_appears_in_any_runtime_or_diagnostic_answer()
    {
        foreach (var path in AdminGets)
        {
            var body = await (await _admin.GetAsync(HttpExtensions.Prefix + path)).Content.ReadAsStringAsync();
            Assert.That(body, Does.Not.Contain(Secret), path);
            Assert.That(body, Does.Not.Contain("API_KEY"), path);
        }

        // The value is stored as the runtime needs it: the views leave it out, they don't just miss it.
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        var request = await db.AppTasks.Where(t => t.Id == _installTaskId).Select(t => t.RequestJson).SingleAsync();
        Assert.That(request, Does.Contain("API_KEY"));
    }

    [TestCase("/runtime/dashboard", "Runtime State Dashboard")]
    [TestCase("/runtime/dashboard-app", "App Processing Flow Dashboard")]
    public async Task The_dashboards_are_html_pages_that_carry_no_data_and_only_set_text(string path, string title)
    {
        var response = await _admin.GetAsync(HttpExtensions.Prefix + path);
        var html = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType!.ToString(), Is.EqualTo("text/html; charset=utf-8"));
        Assert.That(html, Does.Contain($"<title>{title}</title>"));
        Assert.That(html, Does.Contain("/app-store/api/v2/runtime/state"));
        Assert.That(html, Does.Contain("5000"), "refreshes every 5 s");
        Assert.That(html, Does.Not.Contain("innerHTML").And.Not.Contain("outerHTML").And.Not.Contain("insertAdjacentHTML").And.Not.Contain("document.write"));
        Assert.That(html, Does.Not.Contain("JSON.parse('"), "no snapshot embedded in the page");
        Assert.That(html, Does.Not.Contain("carol").And.Not.Contain("notes").And.Not.Contain(_installTaskId));
        Assert.That(response.Headers.GetValues("Content-Security-Policy").Single(), Does.Contain("connect-src 'self'"));
    }

    [Test]
    public async Task An_app_name_with_markup_reaches_the_dashboard_only_as_json_data()
    {
        const string hostile = "<img src=x onerror=alert(1)>";
        await SeedAppAsync("mallory", "upload", "evil", AppState.Running.ToWire(), title: hostile);

        var html = await (await _admin.GetAsync(HttpExtensions.Prefix + "/runtime/dashboard")).Content.ReadAsStringAsync();
        var state = await StateAsync("?user_id=mallory");

        Assert.That(html, Does.Not.Contain("onerror"));
        Assert.That(state["app_states"]!["mallory:upload:evil"]!["metadata"]!["title"]!.GetValue<string>(), Is.EqualTo(hostile));
    }

    [Test]
    public async Task Reload_answers_its_message_without_data_and_changes_nothing_visible()
    {
        using var carol = _factory.CreateUserClient("carol");
        var before = await (await carol.GetAsync(HttpExtensions.Prefix + "/market/hash")).ReadEnvelopeAsync(HttpStatusCode.OK);
        using var recorder = new EventRecorder(_factory.Services);

        var envelope = await (await _admin.PostAsync(HttpExtensions.Prefix + "/reload", null)).ReadEnvelopeAsync(HttpStatusCode.OK);

        Assert.That(envelope.Message(), Is.EqualTo("Cache data reloaded successfully from Redis"));
        Assert.That(envelope.ContainsKey("data"), Is.False);
        Assert.That(recorder.Events.Any(e => e.User.Length == 0 && e.Payload["point"]?.GetValue<string>() == RuntimeEvents.CacheReloadPoint), Is.True,
            "every replica is told to drop its cache");
        var after = await (await carol.GetAsync(HttpExtensions.Prefix + "/market/hash")).ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(after["data"]!["hash"]!.GetValue<string>(), Is.EqualTo(before["data"]!["hash"]!.GetValue<string>()));
    }

    [Test]
    public async Task Cleanup_removes_catalog_rows_of_sources_that_no_longer_exist_and_counts_them()
    {
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            // Foreign keys normally forbid such a row: write it on a connection that has them off, as a restored dump would.
            var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
            await db.Database.OpenConnectionAsync();
            await db.Database.ExecuteSqlRawAsync("PRAGMA foreign_keys = OFF");
            var ghost = new CatalogApp("market.gone", string.Empty, AppIdentity.RuntimeAppId("ghost"), "ghost");
            ghost.ApplyListing(new CatalogListing("ghost", string.Empty, "app", "{}"), string.Empty, DateTime.UtcNow);
            db.CatalogApps.Add(ghost);
            await db.SaveChangesAsync();
            await db.Database.ExecuteSqlRawAsync("PRAGMA foreign_keys = ON");
            await db.Database.CloseConnectionAsync();
        }

        var first = await (await _admin.PostAsync(HttpExtensions.Prefix + "/cleanup", null)).ReadEnvelopeAsync(HttpStatusCode.OK);
        var second = await (await _admin.PostAsync(HttpExtensions.Prefix + "/cleanup", null)).ReadEnvelopeAsync(HttpStatusCode.OK);

        Assert.That(first.Message(), Is.EqualTo("Cleanup completed successfully"));
        Assert.That(first["data"]!["cleaned_count"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(second["data"]!["cleaned_count"]!.GetValue<int>(), Is.EqualTo(0));
        Assert.That(await AppTestKit.ReadAppAsync(_factory, "carol", "notes"), Is.Not.Null, "nothing of a live source is touched");
    }

    [Test]
    public async Task Diagnostic_and_debug_memory_report_the_cache_and_the_process()
    {
        using var carol = _factory.CreateUserClient("carol");
        var hash = (await (await carol.GetAsync(HttpExtensions.Prefix + "/market/data")).ReadEnvelopeAsync(HttpStatusCode.OK))["data"];
        Assert.That(hash, Is.Not.Null);

        var diagnostic = await (await _admin.GetAsync(HttpExtensions.Prefix + "/diagnostic")).ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(diagnostic.Message(), Is.EqualTo("Diagnostic information retrieved successfully"));
        var data = diagnostic["data"]!.AsObject();
        Assert.That(data["is_running"]!.GetValue<bool>(), Is.True);
        Assert.That(data["users_data"]!.AsObject().Select(u => u.Key), Does.Contain("carol"));
        Assert.That(data["total_sources"]!.GetValue<int>(), Is.GreaterThanOrEqualTo(2));
        Assert.That(data["hot_state"]!["provider"]!.GetValue<string>(), Is.EqualTo("Memory"));
        Assert.That(data["hot_state"]!["keys"]!.GetValue<long>(), Is.GreaterThan(0));

        var memory = await (await _admin.GetAsync(HttpExtensions.Prefix + "/market/debug-memory")).ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(memory.Message(), Is.EqualTo("Market information retrieved successfully"));
        var figures = memory["data"]!["memory"]!.AsObject();
        Assert.That(figures["working_set_bytes"]!.GetValue<long>(), Is.GreaterThan(0));
        Assert.That(figures["gc_heap_bytes"]!.GetValue<long>(), Is.GreaterThan(0));
        Assert.That(figures.ContainsKey("gen2_collections"), Is.True);
        Assert.That(memory["data"]!["cache_stats"]!["is_running"]!.GetValue<bool>(), Is.True);
    }

    private async Task<JsonObject> StateAsync(string query) =>
        (await (await _admin.GetAsync(HttpExtensions.Prefix + "/runtime/state" + query)).ReadEnvelopeAsync(HttpStatusCode.OK))["data"]!.AsObject();

    private async Task<string> LatestTaskIdAsync(string user, string app)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        return await db.AppTasks.Where(t => t.UserId == user && t.AppName == app).OrderByDescending(t => t.CreatedAt).Select(t => t.Id).FirstAsync();
    }

    private async Task SeedAppAsync(string user, string source, string name, string state, string? title = null)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        if (await db.UserApps.AnyAsync(a => a.UserId == user && a.AppName == name))
        {
            return;
        }

        db.SeedUserApp(user, source, name, state, title: title ?? name);
        await db.SaveChangesAsync();
    }
}
