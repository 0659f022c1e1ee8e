using Market.Testing.Readme;

namespace Market.Api.Tests.Readme;

/// <summary>
/// The README's "Updates" walk-through, line for line, against the README's laptop run: upload v1, install, a webhook,
/// upload v2 and see it, hold, apply, a broken v3 rolled back by itself, the webhook's deliveries, clean up.
/// </summary>
public sealed class ReadmeUpdatesTests
{
    [Test]
    public async Task The_updates_walk_through_runs_as_written_rollback_included()
    {
        using var market = ReadmeProcess.Start(ReadmeBlocks.Get("browser"));
        using var client = new HttpClient { BaseAddress = new Uri(market.BaseAddress) };
        await ReadmeRunCommandTests.WaitForAsync(market, client, "/healthz/ready");

        using var walk = ReadmeProcess.Start(ReadmeBlocks.Get("updates"), port: market.Port, edit: script => "set -eu\n" + script);

        Assert.That(await walk.WaitForExitAsync(TimeSpan.FromMinutes(3)), Is.Zero, walk.Transcript());
        var lines = walk.StandardOutput.Split('\n', StringSplitOptions.TrimEntries);
        Assert.That(lines, Does.Contain("subscribed: operation_failed,operation_rolled_back"), walk.Transcript());
        Assert.That(lines, Does.Contain("pinboard 1.0.0 -> 1.1.0: 1.1.0"), walk.Transcript());
        Assert.That(lines, Does.Contain("- Pins can be tagged"), walk.Transcript());
        Assert.That(lines, Does.Contain("updates: 0"), "held: nothing offered\n" + walk.Transcript());
        Assert.That(lines, Does.Contain("batch: pinboard 1.0.0 -> 1.1.0"), walk.Transcript());
        Assert.That(lines.Any(l => l.StartsWith("upgrade failed: ", StringComparison.Ordinal)), Is.True, walk.Transcript());
        Assert.That(lines.Any(l => l.StartsWith("rollback task ", StringComparison.Ordinal)), Is.True, walk.Transcript());
        Assert.That(lines, Does.Contain("webhook: operation_failed").And.Contain("webhook: operation_rolled_back"), walk.Transcript());
        Assert.That(walk.StandardOutput, Does.Contain("App uninstallation started successfully").And.Contain("App deleted successfully from upload source"), walk.Transcript());

        // The watch saw the app back at the version before the broken one.
        Assert.That(walk.StandardError, Does.Contain("running 1.1.0").And.Contain("uninstalled"), walk.Transcript());
    }
}
