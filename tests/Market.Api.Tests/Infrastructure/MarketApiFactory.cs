using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Market.Api.Tests.Infrastructure;

/// <summary>
/// The whole service in embedded mode (SQLite in a fresh temp folder, in-process hot state, simulated
/// runtime with fast steps). Nothing leaves the machine: the built-in remote points at a closed port.
/// Pass extra settings to override any configuration key.
/// </summary>
public sealed class MarketApiFactory(IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    public string DataFolder { get; } = Path.Combine(Path.GetTempPath(), "market-tests", Guid.NewGuid().ToString("N"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(DataFolder);
        builder.UseEnvironment("Testing");
        var defaults = new Dictionary<string, string?>
        {
            ["Market:Storage:Provider"] = "Sqlite",
            ["Market:Storage:SqlitePath"] = Path.Combine(DataFolder, "market.db"),
            ["Market:HotState:Provider"] = "Memory",
            ["Market:Packages:Path"] = Path.Combine(DataFolder, "packages"),
            ["Market:Runtime:Provider"] = "Simulated",
            ["Market:Runtime:Simulated:StepDelayMs"] = "20",
            ["Market:Sources:OfficialBaseUrl"] = "http://127.0.0.1:9",
            ["Market:Sources:SyncIntervalSeconds"] = "3600",
            ["Market:Demo:Enabled"] = "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            defaults[key] = value;
        }

        foreach (var (key, value) in defaults)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>A client that calls as <paramref name="user"/> (the gateway's X-Bfl-User header).</summary>
    public HttpClient CreateUserClient(string user)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Bfl-User", user);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow shutdown; the temp folder is cleaned by the OS later.
        }
    }
}
