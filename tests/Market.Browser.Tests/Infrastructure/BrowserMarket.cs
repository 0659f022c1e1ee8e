using System.Net.Http.Headers;

namespace Market.Browser.Tests.Infrastructure;

/// <summary>
/// A real Market for a real browser: Kestrel on a free loopback port, embedded mode (SQLite in a temp folder,
/// in-process hot state, the simulated runtime with steps slow enough to watch), the demo catalog imported,
/// and <c>Market:Auth:LocalUser=admin</c> so the browser needs no gateway header, as on a laptop. The
/// built-in remote points at a closed port, so its sync fails as it would without internet.
/// </summary>
public sealed class BrowserMarket : MarketFactoryBase
{
    public BrowserMarket(IReadOnlyDictionary<string, string?>? overrides = null)
        : base("market-browser-tests", Settings(overrides))
    {
        UseKestrel();
        StartServer();
        BaseAddress = ClientOptions.BaseAddress.ToString().TrimEnd('/');
    }

    private static Dictionary<string, string?> Settings(IReadOnlyDictionary<string, string?>? overrides)
    {
        var settings = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Market:Auth:LocalUser"] = "admin",
            ["Market:Demo:Enabled"] = "true",
            ["Market:Runtime:Simulated:StepDelayMs"] = "400",
            ["Market:Sources:RetryCount"] = "0",
            ["Market:Sources:RequestTimeoutSeconds"] = "2",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary><c>http://127.0.0.1:port</c>, without a trailing slash.</summary>
    public string BaseAddress { get; }

    /// <summary>An HTTP client of the running server calling as <paramref name="user"/>.</summary>
    public HttpClient CreateUserHttpClient(string user)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseAddress) };
        client.DefaultRequestHeaders.Add("X-Bfl-User", user);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    protected override IDictionary<string, string?> StorageSettings() => new Dictionary<string, string?>
    {
        ["Market:Storage:Provider"] = "Sqlite",
        ["Market:Storage:SqlitePath"] = Path.Combine(DataFolder, "market.db"),
        ["Market:HotState:Provider"] = "Memory",
    };
}
