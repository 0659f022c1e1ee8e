namespace Market.Browser.Tests.Infrastructure;

/// <summary>
/// The system Chromium (Playwright cannot download its own browsers here). Missing: the browser tests are
/// ignored with the reason, or fail when <c>MARKET_REQUIRE_INTEGRATION=1</c> (CI, whose <c>.ci/run</c>
/// installs it) so a broken setup never passes quietly. <c>MARKET_CHROMIUM</c> names another binary.
/// </summary>
public static class Chromium
{
    /// <summary>Flags for a headless run in a container: no sandbox (root), no GPU, nothing fetched from the network.</summary>
    public static readonly string[] Arguments =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
    ];

    public static bool Required => Environment.GetEnvironmentVariable("MARKET_REQUIRE_INTEGRATION") == "1";

    /// <summary>The executable to launch; ignores or fails the test when there is none.</summary>
    public static string Require()
    {
        var candidates = new[] { Environment.GetEnvironmentVariable("MARKET_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser" };
        var found = candidates.FirstOrDefault(p => !string.IsNullOrEmpty(p) && File.Exists(p));
        if (found is not null)
        {
            return found;
        }

        var reason = "Chromium not found (looked at MARKET_CHROMIUM, /usr/bin/chromium, /usr/bin/chromium-browser); install it with `apt-get install chromium`";
        if (Required)
        {
            Assert.Fail(reason + " — MARKET_REQUIRE_INTEGRATION=1 makes this a failure");
        }

        Skip.Because(reason);
        return string.Empty;
    }
}
