using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Market.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Market.Browser.Tests;

/// <summary>
/// The start page and both dashboards in headless Chromium against a running Market with apps installing:
/// rows appear, auto-refresh brings new ones without a click, filters filter, a hostile title stays text,
/// and a local app's Catalog Sync step is not failed by the unreachable remote.
/// </summary>
[NonParallelizable]
public sealed class DashboardBrowserTests
{
    private const string Prefix = "/app-store/api/v2";
    private const string HostileTitle = "<img src=x onerror=top.x=1>";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private BrowserMarket _market = null!;
    private BrowserSession? _session;
    private IBrowserContext _context = null!;
    private IPage _page = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        var executable = Chromium.Require();
        _market = new BrowserMarket();
        await WaitForDemoCatalogAsync();

        // A local app owned by admin with a hostile manifest title, then installs by two users.
        using var admin = _market.CreateUserHttpClient("admin");
        var manifest = ChartArchiveBuilder.Manifest("trapdoor", "1.0.0");
        manifest = manifest.Replace("  title: Quill Notes", $"  title: '{HostileTitle}'", StringComparison.Ordinal);
        using (var upload = await admin.UploadAsync(ChartArchiveBuilder.Valid("trapdoor", "1.0.0", manifest).Build(), "trapdoor-1.0.0.tgz"))
        {
            Assert.That(upload.StatusCode, Is.EqualTo(HttpStatusCode.OK), await upload.Content.ReadAsStringAsync());
        }

        await InstallAsync("admin", "trapdoor", "1.0.0", "upload");
        await InstallAsync("alice", "inkpad", "1.3.0", "demo");
        await InstallAsync("bob", "glancedash", "1.0.4", "demo");

        _session = await BrowserSession.LaunchAsync(executable);
        _context = await _session.NewContextAsync(_market.BaseAddress, 1400);
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
    public async Task The_start_page_links_the_dashboards_and_shows_version_and_mode()
    {
        await _page.GotoAsync("/");

        await Expect(_page).ToHaveTitleAsync("Market");
        await Expect(_page.Locator("#mode")).ToContainTextAsync("embedded");
        await Expect(_page.Locator("#version")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+\.\d+\.\d+"));
        foreach (var label in new[] { "Runtime State Dashboard", "App Processing Flow Dashboard", "API reference", "OpenAPI document", "Readiness", "Metrics" })
        {
            await Expect(_page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = label, Exact = true })).ToBeVisibleAsync();
        }

        await _page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Runtime State Dashboard" }).ClickAsync();
        await Expect(_page).ToHaveTitleAsync("Runtime State Dashboard");
        await Expect(_page.Locator("#apps")).ToContainTextAsync("inkpad");
    }

    [Test]
    public async Task The_state_dashboard_shows_rows_and_auto_refresh_brings_new_ones()
    {
        await _page.GotoAsync(Prefix + "/runtime/dashboard");
        await Expect(_page.Locator("#error")).ToBeEmptyAsync();
        await Expect(_page.Locator("#apps tr", new PageLocatorOptions { HasText = "inkpad" })).ToContainTextAsync("alice");
        await Expect(_page.Locator("#tasks tr", new PageLocatorOptions { HasText = "glancedash" })).ToContainTextAsync("bob");
        await Expect(_page.Locator("#sources")).ToContainTextAsync("market.olares");

        // Started after the page loaded: only the 5 s auto-refresh can bring it in.
        await InstallAsync("carol", "wikiroot", "2.1.0", "demo", waitForRunning: false);
        var row = _page.Locator("#apps tr", new PageLocatorOptions { HasText = "wikiroot" });
        await Expect(row).ToContainTextAsync("carol");
        await Expect(row).ToContainTextAsync("running");
        await Expect(_page.Locator("#tasks tr", new PageLocatorOptions { HasText = "wikiroot" })).ToContainTextAsync("completed");

        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = ScreenshotPath("runtime-dashboard.png"), FullPage = true });
    }

    [Test]
    public async Task The_flow_dashboard_filters_by_user_app_and_source()
    {
        await _page.GotoAsync(Prefix + "/runtime/dashboard-app");
        var rows = _page.Locator("#flows tr:not(:first-child)");
        await Expect(_page.Locator("#flows")).ToContainTextAsync("inkpad");
        await Expect(_page.Locator("#flows")).ToContainTextAsync("glancedash");

        await _page.Locator("#f-user").FillAsync("bob");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToContainTextAsync("glancedash");

        await _page.Locator("#f-user").FillAsync(string.Empty);
        await _page.Locator("#f-app").FillAsync("ink");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToContainTextAsync("alice");

        await _page.Locator("#f-app").FillAsync(string.Empty);
        await _page.Locator("#f-source").FillAsync("upload");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToContainTextAsync("trapdoor");

        await _page.Locator("#f-source").FillAsync("no-such-source");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToHaveTextAsync("No data");
    }

    [Test]
    public async Task A_hostile_title_renders_as_text_on_both_dashboards()
    {
        foreach (var (path, host) in new[] { (Prefix + "/runtime/dashboard", "#apps"), (Prefix + "/runtime/dashboard-app", "#flows") })
        {
            await _page.GotoAsync(path);
            var cell = _page.Locator($"{host} td", new PageLocatorOptions { HasTextString = HostileTitle });
            await Expect(cell).ToHaveTextAsync(HostileTitle);
            Assert.That(await _page.Locator($"{host} img").CountAsync(), Is.Zero, path);
            Assert.That(await _page.EvaluateAsync<bool>("() => typeof window.x === 'undefined'"), Is.True, $"the title's script ran on {path}");
        }
    }

    [Test]
    public async Task A_local_apps_catalog_sync_step_is_not_failed_by_an_unreachable_remote()
    {
        await WaitForRemoteSyncFailureAsync();
        await _page.GotoAsync(Prefix + "/runtime/dashboard-app");

        var sync = _page.Locator("#flows tr", new PageLocatorOptions { HasText = "inkpad" }).Locator("span span").First;
        await Expect(sync).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^Catalog Sync"));
        await Expect(sync).ToHaveClassAsync("ok");
        await Expect(_page.Locator("#flows tr", new PageLocatorOptions { HasText = "inkpad" })).ToContainTextAsync("Running (Completed)");

        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = ScreenshotPath("app-flow-dashboard.png"), FullPage = true });
    }

    private async Task InstallAsync(string user, string app, string version, string source, bool waitForRunning = true)
    {
        using var client = _market.CreateUserHttpClient(user);
        var body = new JsonObject { ["source"] = source, ["app_name"] = app, ["version"] = version, ["sync"] = true };
        using var response = await client.PostAsJsonAsync($"{Prefix}/apps/{app}/install", body);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        if (waitForRunning)
        {
            await Eventually.HoldsAsync(async () => await StateOfAsync(user, source, app) == "running", $"{app} of {user} running", Patience);
        }
    }

    /// <summary>The app's state as the dashboards read it (<c>/runtime/state</c>, keyed user:source:app).</summary>
    private async Task<string?> StateOfAsync(string user, string source, string app)
    {
        using var admin = _market.CreateUserHttpClient("admin");
        var envelope = await admin.GetFromJsonAsync<JsonObject>($"{Prefix}/runtime/state?user_id={user}");
        return envelope?["data"]?["app_states"]?[$"{user}:{source}:{app}"]?["metadata"]?["state"]?.GetValue<string>();
    }

    private async Task WaitForDemoCatalogAsync()
    {
        using var client = _market.CreateUserHttpClient("alice");
        await Eventually.HoldsAsync(async () => (await client.GetStringAsync($"{Prefix}/market/data")).Contains("\"inkpad\"", StringComparison.Ordinal), "the demo catalog imported", Patience);
    }

    private async Task WaitForRemoteSyncFailureAsync()
    {
        using var admin = _market.CreateUserHttpClient("admin");
        await Eventually.HoldsAsync(
            async () => (await admin.GetStringAsync($"{Prefix}/runtime/state")).Contains("\"last_outcome\":\"failed\"", StringComparison.Ordinal),
            "the unreachable remote's sync failed",
            Patience);
    }

    /// <summary>
    /// Screenshots land in the test's work folder; with <c>MARKET_UPDATE_SCREENSHOTS=1</c> in the
    /// repository's <c>docs/images</c>, where the README shows them (so a plain test run leaves the tree clean).
    /// </summary>
    private static string ScreenshotPath(string name)
    {
        var folder = TestContext.CurrentContext.WorkDirectory;
        if (Environment.GetEnvironmentVariable("MARKET_UPDATE_SCREENSHOTS") == "1")
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Market.sln")))
            {
                dir = dir.Parent;
            }

            folder = Path.Combine(dir?.FullName ?? AppContext.BaseDirectory, "docs", "images");
        }

        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }
}
