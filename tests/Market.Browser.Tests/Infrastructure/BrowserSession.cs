using Microsoft.Playwright;

namespace Market.Browser.Tests.Infrastructure;

/// <summary>One headless Chromium (driven by executable path: Playwright cannot download browsers here) for a fixture's tests.</summary>
internal sealed class BrowserSession : IAsyncDisposable
{
    private readonly IPlaywright _playwright;

    private BrowserSession(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    public static async Task<BrowserSession> LaunchAsync(string executable)
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = executable, Headless = true, Args = Chromium.Arguments });
        return new BrowserSession(playwright, browser);
    }

    /// <summary>A context on <paramref name="baseUrl"/> at <paramref name="width"/> × 900 px.</summary>
    public Task<IBrowserContext> NewContextAsync(string baseUrl, int width) =>
        Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl, ViewportSize = new ViewportSize { Width = width, Height = 900 } });

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
