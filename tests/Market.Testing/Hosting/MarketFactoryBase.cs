using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Market.Testing.Hosting;

/// <summary>
/// What every in-process Market host of the tests shares: a temp data folder, the "Testing"
/// environment, settings that keep it off the network (closed remote port, no demo import, fast
/// simulated runtime), per-test overrides and callers identified by X-Bfl-User. The host is handed out once its
/// database is ready (migrated after the server listens, ADR 0023), as a client that waited for readiness would see it.
/// Linked into the integration tests too.
/// </summary>
public abstract class MarketFactoryBase(string folderKind, IReadOnlyDictionary<string, string?>? overrides) : WebApplicationFactory<Program>
{
    public string DataFolder { get; } = Path.Combine(Path.GetTempPath(), folderKind, Guid.NewGuid().ToString("N"));

    /// <summary>The storage and hot-state settings of this kind of host.</summary>
    protected abstract IDictionary<string, string?> StorageSettings();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(DataFolder);
        builder.UseEnvironment("Testing");
        var values = new Dictionary<string, string?>(StorageSettings())
        {
            ["Market:Packages:Path"] = Path.Combine(DataFolder, "packages"),
            ["Market:Runtime:Provider"] = "Simulated",
            ["Market:Runtime:Simulated:StepDelayMs"] = "20",
            ["Market:Sources:OfficialBaseUrl"] = "http://127.0.0.1:9",
            ["Market:Sources:SyncIntervalSeconds"] = "3600",
            ["Market:Demo:Enabled"] = "false",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        foreach (var (key, value) in values)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>False for the tests of the start-up itself, which look at the host before its database is ready.</summary>
    protected virtual bool WaitsForDatabase => true;

    protected override IHost CreateHost(IHostBuilder builder)
    {
        var host = base.CreateHost(builder);
        if (WaitsForDatabase)
        {
            DatabaseReadiness.WaitAsync(host.Services).GetAwaiter().GetResult();
        }

        return host;
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
