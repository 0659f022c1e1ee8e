using Market.Testing.Apps;
using Market.Testing.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Market.Bench.Chaos;

/// <summary>
/// One Market replica in its own process (<c>Market.Bench --replica …</c>): the real service on Kestrel
/// over loopback, on PostgreSQL and Redis (or in-process hot state for the cold "truth" replica), with the
/// Olares runtime pointed at the chaos run's fake app-service. Prints <c># replica on URL</c> once it listens.
/// </summary>
internal sealed class ReplicaHost(IReadOnlyDictionary<string, string> settings) : WebApplicationFactory<Program>
{
    public string DataFolder { get; } = Path.Combine(Path.GetTempPath(), "market-chaos-replica", Guid.NewGuid().ToString("N"));

    /// <summary>
    /// <c>--replica --postgres CS --redis CS|memory --app-service URL [--seed a,b,c]</c>; runs until SIGTERM.
    /// </summary>
    public static async Task<int> RunAsync(string[] args)
    {
        string Value(string name) => args[Array.IndexOf(args, name) + 1];
        var redis = Value("--redis");
        var settings = new Dictionary<string, string>
        {
            ["Market:Storage:Provider"] = "Postgres",
            ["ConnectionStrings:Postgres"] = Value("--postgres"),
            ["Market:HotState:Provider"] = redis == "memory" ? "Memory" : "Redis",
            ["Market:HotState:KeyPrefix"] = "market-chaos:",
            ["ConnectionStrings:Redis"] = redis == "memory" ? string.Empty : redis,
            ["Market:Runtime:Provider"] = "Olares",
            ["Market:Runtime:Olares:AppServiceUrl"] = Value("--app-service"),
            ["Market:Runtime:Olares:PollIntervalMs"] = "250",
            ["Market:Tasks:LeaseSeconds"] = "4",
            ["Market:RateLimit:WritesPerMinute"] = "0",
            ["Market:Sources:OfficialBaseUrl"] = "http://127.0.0.1:9",
            ["Market:Sources:AllowPrivateNetworks"] = "true",
            ["Market:Sources:SyncIntervalSeconds"] = "3600",
            ["Market:Demo:Enabled"] = "false",
        };

        BenchHost.LocateContentRoot();
        using var host = new ReplicaHost(settings);
        host.UseKestrel(0);
        host.StartServer();
        await DatabaseReadiness.WaitAsync(host.Services); // it listens first and migrates after (ADR 0023)
        if (Array.IndexOf(args, "--seed") >= 0)
        {
            foreach (var app in Value("--seed").Split(','))
            {
                await AppTestKit.AddCatalogAppAsync(host, app);
            }
        }

        var url = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Console.WriteLine($"# replica on {url}");
        var stop = new TaskCompletionSource();
        using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });
        using var interrupt = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, c => { c.Cancel = true; stop.TrySetResult(); });
        await stop.Task;
        return 0;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(DataFolder);
        builder.UseEnvironment("Production");
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        builder.UseSetting("Market:Packages:Path", Path.Combine(DataFolder, "packages"));
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
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
            // Temp folder; the OS cleans it eventually.
        }
    }
}
