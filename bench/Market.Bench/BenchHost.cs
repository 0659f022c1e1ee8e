using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace Market.Bench;

/// <summary>
/// The real service, in this process, on Kestrel over loopback, in embedded mode (SQLite in a temp
/// folder, in-process hot state) with its built-in remote pointed at the fake market.
/// </summary>
internal sealed class BenchHost(string remoteUrl) : WebApplicationFactory<Program>
{
    /// <summary>Tells the factory where the service's content root is (it guesses from the solution folder otherwise).</summary>
    public static void LocateContentRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "src", "Market.Api");
            if (Directory.Exists(candidate))
            {
                Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_MARKET_API", candidate);
                return;
            }
        }
    }

    public string DataFolder { get; } = Path.Combine(Path.GetTempPath(), "market-bench", Guid.NewGuid().ToString("N"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(DataFolder);
        builder.UseEnvironment("Production");
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        var settings = new Dictionary<string, string>
        {
            ["Market:Storage:Provider"] = "Sqlite",
            ["Market:Storage:SqlitePath"] = Path.Combine(DataFolder, "market.db"),
            ["Market:HotState:Provider"] = "Memory",
            ["Market:Packages:Path"] = Path.Combine(DataFolder, "packages"),
            ["Market:Sources:OfficialBaseUrl"] = remoteUrl,
            ["Market:Sources:AllowPrivateNetworks"] = "true",
            ["Market:Sources:SyncIntervalSeconds"] = "86400",
            ["Market:Demo:Enabled"] = "false",
        };
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
            // Temp folder; the OS cleans it eventually.
        }
    }
}
