using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Market.Integration.Tests.Infrastructure;

/// <summary>
/// One service instance on real PostgreSQL + Redis. Two factories given the same database and key
/// prefix behave as two replicas of one deployment.
/// </summary>
public sealed class MarketIntegrationFactory(
    string postgres,
    string redis,
    string keyPrefix,
    IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    public string DataFolder { get; } = Path.Combine(Path.GetTempPath(), "market-it", Guid.NewGuid().ToString("N"));

    /// <summary>A fresh database (migrated by the service on start) and a unique Redis key prefix.</summary>
    public static async Task<(string Postgres, string Redis, string KeyPrefix)> CreateDeploymentAsync() =>
        (await TestInfrastructure.CreateDatabaseAsync(), await TestInfrastructure.GetRedisAsync(), $"market-test:{Guid.NewGuid():N}:");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(DataFolder);
        builder.UseEnvironment("Testing");
        var values = new Dictionary<string, string?>
        {
            ["Market:Storage:Provider"] = "Postgres",
            ["ConnectionStrings:Postgres"] = postgres,
            ["Market:HotState:Provider"] = "Redis",
            ["Market:HotState:KeyPrefix"] = keyPrefix,
            ["ConnectionStrings:Redis"] = redis,
            ["Market:Packages:Path"] = Path.Combine(DataFolder, "packages"),
            ["Market:Runtime:Provider"] = "Simulated",
            ["Market:Runtime:Simulated:StepDelayMs"] = "20",
            ["Market:Sources:OfficialBaseUrl"] = "http://127.0.0.1:9",
            ["Market:Sources:SyncIntervalSeconds"] = "3600",
            ["Market:Demo:Enabled"] = "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        foreach (var (key, value) in values)
        {
            builder.UseSetting(key, value);
        }
    }

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
            // Best effort; temp folders are cleaned by the OS.
        }
    }
}
