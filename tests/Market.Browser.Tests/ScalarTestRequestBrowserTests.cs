using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Market.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Market.Browser.Tests;

/// <summary>
/// Issue 20: the API reference at <c>/scalar</c> works on a box without internet (its script is served by Market, nothing
/// is fetched elsewhere), and its "Test Request" sends the <c>X-Bfl-User</c> value typed into the Authentication
/// section: without one the gateway check answers 401, with one 200. No <c>LocalUser</c> here, so only the header
/// names the caller.
/// </summary>
[NonParallelizable]
public sealed partial class ScalarTestRequestBrowserTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private BrowserMarket _market = null!;
    private BrowserSession _session = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        var executable = Chromium.Require();
        _market = new BrowserMarket(new Dictionary<string, string?> { ["Market:Auth:LocalUser"] = string.Empty, ["Market:Demo:Enabled"] = "false" });
        _session = await BrowserSession.LaunchAsync(executable);
        SetDefaultExpectTimeout((float)Patience.TotalMilliseconds);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_session is not null)
        {
            await _session.DisposeAsync();
        }
        _market?.Dispose();
    }

    [Test]
    public async Task Test_Request_with_an_X_Bfl_User_value_answers_200_and_nothing_is_fetched_from_elsewhere()
    {
        await using var context = await _session.NewContextAsync(_market.BaseAddress, 1400);
        context.SetDefaultTimeout((float)Patience.TotalMilliseconds);
        var page = await context.NewPageAsync();
        var elsewhere = new ConcurrentQueue<string>();
        var sentUsers = new ConcurrentQueue<string>();
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(_market.BaseAddress, StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                elsewhere.Enqueue(request.Url);
            }

            if (request.Url.EndsWith("/app-store/api/v2/market/hash", StringComparison.Ordinal))
            {
                sentUsers.Enqueue(request.Headers.TryGetValue("x-bfl-user", out var user) ? user : "(none)");
            }
        };

        await page.GotoAsync("/scalar/#tag/market/GET/app-store/api/v2/market/hash");
        await page.GetByRole(AriaRole.Button, new() { NameRegex = TestRequestOfHash() }).ClickAsync();
        var client = page.GetByRole(AriaRole.Dialog);
        await Expect(client.GetByText("Authentication")).ToBeVisibleAsync();
        var send = client.GetByRole(AriaRole.Button, new() { NameRegex = SendButton() }).First;

        // No value: the request goes out without a user and the gateway check refuses it.
        await send.ClickAsync();
        await Expect(client).ToContainTextAsync(StatusText("401"));

        // The value typed into the X-Bfl-User scheme is sent, and the same call answers 200.
        await client.GetByRole(AriaRole.Textbox, new() { Name = "Value", Exact = true }).FillAsync("alice");
        await send.ClickAsync();
        await Expect(client).ToContainTextAsync(StatusText("200"));

        Assert.That(sentUsers.Last(), Is.EqualTo("alice"), "what Test Request sent: " + string.Join(", ", sentUsers));
        Assert.That(elsewhere, Is.Empty, "the reference page fetched from outside Market (no internet on the box)");
    }

    /// <summary>The response panel's status line, e.g. <c>Status:200 OK</c>.</summary>
    private static Regex StatusText(string code) => new($@"Status:\s*{code}\b");

    [GeneratedRegex(@"Test Request.*market\/hash")]
    private static partial Regex TestRequestOfHash();

    [GeneratedRegex(@"^\s*Send\b")]
    private static partial Regex SendButton();
}
