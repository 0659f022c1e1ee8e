using Market.Testing.Readme;

namespace Market.Api.Tests.Readme;

/// <summary>
/// The README's "Everyday use" walk-through, line for line, against the README's laptop run: browse, install an older
/// demo version from the version history and upgrade it, upload, install with progress, upgrade, uninstall, remove the
/// upload. The script runs with <c>set -e</c>, so every <c>wait_for</c> that does not see its state fails it.
/// </summary>
public sealed class ReadmeEverydayUseTests
{
    [Test]
    public async Task The_walk_through_runs_as_written_upgrade_included()
    {
        using var market = ReadmeProcess.Start(ReadmeBlocks.Get("browser"));
        using var client = new HttpClient { BaseAddress = new Uri(market.BaseAddress) };
        client.DefaultRequestHeaders.Add("X-Bfl-User", "alice");
        await ReadmeRunCommandTests.WaitForAsync(market, client, "/healthz/ready");
        await Eventually.HoldsAsync(
            async () => (await client.GetStringAsync("/app-store/api/v2/market/data")).Contains("\"feedpulse\"", StringComparison.Ordinal),
            "the demo catalog imported",
            TimeSpan.FromSeconds(90));

        using var walk = ReadmeProcess.Start(ReadmeBlocks.Get("everyday"), port: market.Port, edit: script => "set -eu\n" + script);

        Assert.That(await walk.WaitForExitAsync(TimeSpan.FromMinutes(4)), Is.Zero, walk.Transcript());
        var output = walk.StandardOutput;
        Assert.That(output, Does.Contain("feedpulse 1.1.0").And.Contain("codeforge").And.Contain("paperlens").And.Contain("hearthllm"), walk.Transcript());
        Assert.That(output, Does.Contain("App package uploaded and processed successfully"), walk.Transcript());
        Assert.That(output, Does.Contain("1.1.0\n1.0.0\n"), "feedpulse's version history, newest first\n" + walk.Transcript());
        Assert.That(Count(output, "App installation started successfully"), Is.EqualTo(2), "feedpulse 1.0.0 and pinboard\n" + walk.Transcript());
        Assert.That(Count(output, "App upgrade started successfully"), Is.EqualTo(2), "feedpulse and pinboard to 1.1.0\n" + walk.Transcript());
        Assert.That(Count(output, "App uninstallation started successfully"), Is.EqualTo(2), walk.Transcript());
        Assert.That(output, Does.Contain("App deleted successfully from upload source"), walk.Transcript());

        // The watch printed real progress on the way: a download step before running, then the upgraded version.
        var watched = walk.StandardError;
        Assert.That(watched, Does.Contain("downloading").And.Contain("running 1.0.0").And.Contain("running 1.1.0").And.Contain("uninstalled"), walk.Transcript());
    }

    private static int Count(string text, string what) => text.Split(what).Length - 1;
}
