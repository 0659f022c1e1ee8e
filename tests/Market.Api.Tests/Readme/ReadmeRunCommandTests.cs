using System.Net;
using System.Net.Sockets;
using Market.Testing.Readme;

namespace Market.Api.Tests.Readme;

/// <summary>
/// The README's run commands, run as written (see <see cref="ReadmeProcess"/> for the few things a test changes):
/// the laptop command serves the start page and dashboards, <c>ASPNETCORE_URLS</c> moves the port, and a start that
/// cannot succeed ends with exit code 1 and one line before anything is written.
/// </summary>
public sealed class ReadmeRunCommandTests
{
    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(90);

    [Test]
    public async Task The_browser_command_serves_the_start_page_and_a_dashboard_without_a_header()
    {
        using var market = ReadmeProcess.Start(ReadmeBlocks.Get("browser"));
        using var browser = new HttpClient { BaseAddress = new Uri(market.BaseAddress) };

        var start = await WaitForAsync(market, browser, "/");
        Assert.That(start, Does.Contain("<title>Market</title>"), market.Transcript());
        await WaitForAsync(market, browser, "/healthz/ready"); // the start page answers as soon as it listens; the API once migrated (ADR 0023)
        using var dashboard = await browser.GetAsync("/app-store/api/v2/runtime/dashboard");
        Assert.That(dashboard.StatusCode, Is.EqualTo(HttpStatusCode.OK), "LocalUser=admin makes the browser an admin");
        Assert.That(market.StandardOutput, Does.Contain("Market:Auth:LocalUser is set"));
    }

    [Test]
    public async Task The_documented_port_override_wins_over_the_launch_profile()
    {
        var block = ReadmeBlocks.Get("port");
        Assert.That(block, Does.StartWith("ASPNETCORE_URLS="), "the README's one way to move the port");

        using var market = ReadmeProcess.Start(block);
        using var client = new HttpClient { BaseAddress = new Uri(market.BaseAddress) };

        var ready = await WaitForAsync(market, client, "/healthz/ready");
        Assert.That(ready, Does.Contain("\"success\":true"));
    }

    [Test]
    public async Task A_second_copy_on_a_busy_port_stops_in_one_line_and_writes_nothing()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;

        using var market = ReadmeProcess.Start(ReadmeBlocks.Get("port"), port: port);

        Assert.That(await market.WaitForExitAsync(StartPatience), Is.EqualTo(1), market.Transcript());
        Assert.That(ErrorLines(market), Is.EqualTo(new[]
        {
            $"Market cannot start: http://localhost:{port} is already in use (another Market or another program listens on port {port}); "
            + $"stop it or choose another address, e.g. ASPNETCORE_URLS=http://localhost:{port + 1}",
        }));
        Assert.That(Directory.EnumerateFileSystemEntries(market.DataFolder), Is.Empty, "nothing migrated, imported or stored");
    }

    [TestCase("Market__Tasks__Concurrency", "abc", "Market:Tasks:Concurrency must be a whole number")]
    [TestCase("Market__Demo__Enabled", "maybe", "Market:Demo:Enabled must be true or false")]
    [TestCase("Market__Storage__Provider", "Oracle", "Market:Storage:Provider must be 'Sqlite' or 'Postgres'")]
    public async Task A_bad_setting_of_any_type_stops_in_one_line_naming_the_key(string variable, string value, string expected)
    {
        using var market = ReadmeProcess.Start(ReadmeBlocks.Get("port"), new Dictionary<string, string> { [variable] = value });

        Assert.That(await market.WaitForExitAsync(StartPatience), Is.EqualTo(1), market.Transcript());
        Assert.That(ErrorLines(market), Is.EqualTo(new[] { "Market cannot start: invalid configuration: " + expected }), market.Transcript());
        Assert.That(Directory.EnumerateFileSystemEntries(market.DataFolder), Is.Empty, "nothing migrated, imported or stored");
    }

    /// <summary>Waits until the started block answers <paramref name="path"/> with 200 and returns the body.</summary>
    internal static async Task<string> WaitForAsync(ReadmeProcess market, HttpClient client, string path)
    {
        string? body = null;
        await Eventually.HoldsAsync(
            async () =>
            {
                Assert.That(market.HasExited, Is.False, () => "the README command ended early\n" + market.Transcript());
                try
                {
                    using var response = await client.GetAsync(path);
                    body = response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : null;
                    return body is not null;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            () => $"{path} answering on {market.BaseAddress}\n{market.Transcript()}",
            StartPatience);
        return body!;
    }

    private static string[] ErrorLines(ReadmeProcess market) =>
        market.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
