using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Market.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Market.Browser.Tests;

/// <summary>
/// The dashboards say what is true, with a running, a failed, a canceled and an uninstalled app present: colours by
/// exact value, counts by the lifecycle's states, each app shown as what it is with its reason, the flow's real step,
/// the app's real progress, components as fields, no sideways scrolling at 1,280 px, and a help page without identity.
/// </summary>
[NonParallelizable]
public sealed partial class TruthfulDashboardBrowserTests
{
    private const string Prefix = "/app-store/api/v2";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private BrowserMarket _market = null!;
    private BrowserSession? _session;
    private IBrowserContext _context = null!;
    private IPage _page = null!;
    private string _failureReason = string.Empty;

    [OneTimeSetUp]
    public async Task Start()
    {
        var executable = Chromium.Require();
        _market = new BrowserMarket(new Dictionary<string, string?> { ["Market:Runtime:Simulated:StepDelayMs"] = "1000" });
        using (var alice = _market.CreateUserHttpClient("alice"))
        {
            await Eventually.HoldsAsync(async () => (await alice.GetStringAsync($"{Prefix}/market/data")).Contains("\"inkpad\"", StringComparison.Ordinal), "the demo catalog imported", Patience);
        }

        // Four users, four fates, side by side.
        await Task.WhenAll(
            InstallAsync("dave", "feedpulse", "1.1.0"),
            InstallAsync("alice", "inkpad", "1.3.0", new JsonArray(new JsonObject { ["envName"] = "SIMULATE_FAILURE", ["value"] = "install" })),
            InstallAsync("bob", "glancedash", "1.0.4"),
            InstallAsync("carol", "wikiroot", "2.1.0"));
        await Task.WhenAll(
            StateAsync("dave", "feedpulse", s => s == "running"),
            StateAsync("alice", "inkpad", s => s == "installFailed"),
            CancelWhileDownloadingAsync("bob", "glancedash"),
            UninstallOnceRunningAsync("carol", "wikiroot"));
        _failureReason = (await AppOfAsync("alice", "inkpad"))!["metadata"]!["reason"]!.GetValue<string>();

        _session = await BrowserSession.LaunchAsync(executable);
        _context = await _session.NewContextAsync(_market.BaseAddress, 1280);
        _context.SetDefaultTimeout((float)Patience.TotalMilliseconds);
        SetDefaultExpectTimeout((float)Patience.TotalMilliseconds);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_context is not null)
        {
            await _context.DisposeAsync();
        }

        if (_session is not null)
        {
            await _session.DisposeAsync();
        }
        _market?.Dispose();
    }

    [SetUp]
    public async Task OpenPage() => _page = await _context.NewPageAsync();

    [TearDown]
    public async Task ClosePage() => await _page.CloseAsync();

    [Test]
    public async Task Health_colours_follow_the_exact_value()
    {
        await _page.GotoAsync(Prefix + "/runtime/dashboard");

        // The unreachable remote makes the sync component unhealthy: red, not green because "unhealthy" contains "healthy".
        var sync = _page.Locator("#components tr", new PageLocatorOptions { HasText = "sync" }).Locator("td:nth-child(3) span");
        await Expect(sync).ToHaveTextAsync("unhealthy");
        await Expect(sync).ToHaveClassAsync("bad");
        var database = _page.Locator("#components tr", new PageLocatorOptions { HasText = "database" }).Locator("td:nth-child(3) span");
        await Expect(database).ToHaveTextAsync("healthy");
        await Expect(database).ToHaveClassAsync("ok");
        var failedHealth = AppRow("alice", "inkpad").Locator("td:nth-child(7) span");
        await Expect(failedHealth).ToHaveTextAsync("unhealthy");
        await Expect(failedHealth).ToHaveClassAsync("bad");
    }

    [Test]
    public async Task Counts_follow_the_lifecycle_states()
    {
        await _page.GotoAsync(Prefix + "/runtime/dashboard");

        await Expect(Card("Installed Apps")).ToHaveTextAsync("1"); // dave's; not the failed, canceled or uninstalled ones
        await Expect(Card("Failed Apps")).ToHaveTextAsync("1");
        await Expect(Card("Canceled Apps")).ToHaveTextAsync("1");
        await Expect(Card("Uninstalled Apps")).ToHaveTextAsync("1");
        await Expect(Card("Canceled Tasks")).ToHaveTextAsync(new Regex("^[1-9]"));
    }

    [Test]
    public async Task Cancel_uninstall_and_failure_show_as_what_they_are_with_the_reason()
    {
        await _page.GotoAsync(Prefix + "/runtime/dashboard");

        var canceled = AppRow("bob", "glancedash").Locator("td:nth-child(8)");
        await Expect(canceled).ToContainTextAsync("Canceled");
        await Expect(canceled).Not.ToContainTextAsync("Failed");
        var uninstalled = AppRow("carol", "wikiroot").Locator("td:nth-child(8)");
        await Expect(uninstalled).ToContainTextAsync("Uninstalled");
        await Expect(uninstalled).Not.ToContainTextAsync("Stopped");
        var failed = AppRow("alice", "inkpad").Locator("td:nth-child(8)");
        await Expect(failed).ToContainTextAsync("Failed");
        await Expect(failed).ToContainTextAsync(_failureReason);
        await Expect(_page.Locator("#tasks tr", new PageLocatorOptions { HasText = "inkpad" }).First).ToContainTextAsync(_failureReason);
    }

    [Test]
    public async Task The_flow_view_marks_the_real_step()
    {
        await _page.GotoAsync(Prefix + "/runtime/dashboard-app");

        var failed = FlowRow("alice", "inkpad");
        await Expect(Step(failed, "Downloading")).ToHaveAttributeAsync("data-status", "completed");
        await Expect(Step(failed, "Installing")).ToHaveAttributeAsync("data-status", "failed");
        await Expect(Step(failed, "Installing")).ToHaveClassAsync(new Regex(@"\bbad\b"));
        await Expect(Step(failed, "Running")).ToHaveAttributeAsync("data-status", "pending");
        await Expect(failed).ToContainTextAsync("Failed at Installing");
        await Expect(failed).ToContainTextAsync(_failureReason);

        var canceled = FlowRow("bob", "glancedash");
        await Expect(Step(canceled, "Downloading")).ToHaveAttributeAsync("data-status", "canceled");
        await Expect(Step(canceled, "Installing")).ToHaveAttributeAsync("data-status", "pending");
        await Expect(canceled).ToContainTextAsync("Canceled at Downloading");

        var running = FlowRow("dave", "feedpulse");
        await Expect(Step(running, "Running")).ToHaveAttributeAsync("data-status", "completed");
        await Expect(FlowRow("carol", "wikiroot")).ToContainTextAsync("Uninstalled");
    }

    [Test]
    public async Task Components_are_readable_fields_not_json()
    {
        await _page.GotoAsync(Prefix + "/runtime/dashboard");

        var metrics = _page.Locator("#components tr", new PageLocatorOptions { HasText = "task_workers" }).Locator("td:nth-child(4)");
        await Expect(metrics.Locator("li", new LocatorLocatorOptions { HasText = "concurrency: 4" })).ToBeVisibleAsync();
        await Expect(metrics).Not.ToContainTextAsync("{");
    }

    [Test]
    public async Task Neither_dashboard_scrolls_sideways_at_1280_px()
    {
        foreach (var (path, host) in new[] { (Prefix + "/runtime/dashboard", "#tasks"), (Prefix + "/runtime/dashboard-app", "#flows") })
        {
            await _page.GotoAsync(path);
            await Expect(_page.Locator(host)).ToContainTextAsync("inkpad");
            var sizes = await _page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
            var (scroll, width) = (sizes[0], sizes[1]);
            Assert.That(scroll, Is.LessThanOrEqualTo(width), $"{path} is {scroll} px wide in a {width} px window");
        }
    }

    [Test]
    public async Task Without_an_identity_a_dashboard_link_says_how_to_get_one()
    {
        using var anonymous = new BrowserMarket(new Dictionary<string, string?> { ["Market:Auth:LocalUser"] = string.Empty, ["Market:Demo:Enabled"] = "false" });
        var page = await _context.NewPageAsync();
        try
        {
            var response = await page.GotoAsync(anonymous.BaseAddress + Prefix + "/runtime/dashboard");
            Assert.That(response!.Status, Is.EqualTo((int)HttpStatusCode.Unauthorized));
            await Expect(page.Locator("h1")).ToHaveTextAsync("Market does not know who you are");
            await Expect(page.Locator("#how")).ToContainTextAsync("Market__Auth__LocalUser=admin dotnet run --project src/Market.Api");
            await Expect(page.Locator("body")).Not.ToContainTextAsync("\"success\"");
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    [Test]
    [Order(int.MaxValue)] // starts one more install: after the tests that count
    public async Task A_running_task_shows_its_apps_real_progress()
    {
        // EmberKV is admin-only (its manifest says onlyAdmin), so the admin installs it.
        await InstallAsync("admin", "emberkv", "7.2.5");
        await StateAsync("admin", "emberkv", s => s == "downloading");

        await _page.GotoAsync(Prefix + "/runtime/dashboard");

        var task = _page.Locator("#tasks tr", new PageLocatorOptions { HasText = "emberkv" }).Locator("td:nth-child(6)");
        await Expect(task).ToHaveTextAsync(new Regex("^(25|50|75)%$"));
    }

    private ILocator Card(string label) => _page.Locator($"[data-card='{label}'] b");

    private ILocator AppRow(string user, string app) =>
        _page.Locator("#apps tr", new PageLocatorOptions { HasText = app }).Filter(new LocatorFilterOptions { HasText = user });

    private ILocator FlowRow(string user, string app) =>
        _page.Locator("#flows tr", new PageLocatorOptions { HasText = app }).Filter(new LocatorFilterOptions { HasText = user });

    private static ILocator Step(ILocator row, string name) => row.Locator($"[data-step='{name}']");

    private async Task InstallAsync(string user, string app, string version, JsonArray? envs = null)
    {
        using var client = _market.CreateUserHttpClient(user);
        var body = new JsonObject { ["source"] = "demo", ["app_name"] = app, ["version"] = version, ["envs"] = envs };
        using var response = await client.PostAsJsonAsync($"{Prefix}/apps/{app}/install", body);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    private async Task CancelWhileDownloadingAsync(string user, string app)
    {
        await StateAsync(user, app, s => s == "downloading");
        using var client = _market.CreateUserHttpClient(user);
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"{Prefix}/apps/{app}/install") { Content = JsonContent.Create(new JsonObject { ["app_name"] = app, ["source"] = "demo" }) };
        using var response = await client.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        await StateAsync(user, app, s => s.EndsWith("Canceled", StringComparison.Ordinal));
    }

    private async Task UninstallOnceRunningAsync(string user, string app)
    {
        await StateAsync(user, app, s => s == "running");
        using var client = _market.CreateUserHttpClient(user);
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"{Prefix}/apps/{app}") { Content = JsonContent.Create(new JsonObject { ["app_name"] = app, ["source"] = "demo" }) };
        using var response = await client.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        await StateAsync(user, app, s => s == "uninstalled");
    }

    private async Task StateAsync(string user, string app, Func<string, bool> done) =>
        await Eventually.HoldsAsync(
            async () => (await AppOfAsync(user, app))?["metadata"]?["state"]?.GetValue<string>() is { } state && done(state),
            $"{app} of {user} in the expected state",
            Patience);

    /// <summary>The app as the dashboards read it (<c>/runtime/state</c>, keyed user:source:app).</summary>
    private async Task<JsonNode?> AppOfAsync(string user, string app)
    {
        using var admin = _market.CreateUserHttpClient("admin");
        var envelope = await admin.GetFromJsonAsync<JsonObject>($"{Prefix}/runtime/state?user_id={user}");
        return envelope?["data"]?["app_states"]?[$"{user}:demo:{app}"];
    }
}
