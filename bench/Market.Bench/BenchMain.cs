using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Market.Testing.Fakes;
using Market.Testing.Hosting;
using Market.Application.Catalog.Commands.SyncMarketSource;
using Market.Application.Sources.Models;
using Market.Application.Sources.Queries.GetSourceSyncStatus;
using Mediator;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Bench;

/// <summary>
/// Loads a catalog of <c>--apps</c> apps through a fake remote market and measures /market/hash,
/// /market/data (304 and 200) and POST /apps over loopback. See bench/README.md.
/// </summary>
public static class BenchMain
{
    private const string Prefix = "/app-store/api/v2";

    public static async Task<int> Main(string[] args)
    {
        if (args.Contains("--replica"))
        {
            return await Chaos.ReplicaHost.RunAsync(args);
        }

        if (args.Contains("--chaos"))
        {
            return await Chaos.ChaosMain.RunAsync(Chaos.ChaosOptions.Parse(args));
        }

        var options = BenchOptions.Parse(args);
        if (args.Contains("--remote"))
        {
            var at = Array.IndexOf(args, "--batch-ms");
            return await SideBySide.RemoteAsync(options, at >= 0 ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : 5);
        }

        if (Array.IndexOf(args, "--download") is var download and >= 0)
        {
            return await SideBySide.DownloadAsync(args[download + 1]);
        }

        if (options.Url is not null)
        {
            await MeasureAsync(options, new Uri(options.Url), null);
            return 0;
        }

        await using var remote = await FakeRemoteMarket.StartAsync();
        Console.WriteLine($"# seeding a fake remote with {options.Apps} apps");
        for (var i = 0; i < options.Apps; i++)
        {
            remote.Put(RealisticApp(i));
        }

        BenchHost.LocateContentRoot();
        using var host = new BenchHost(remote.BaseUrl);
        host.UseKestrel(0);
        host.StartServer();
        await DatabaseReadiness.WaitAsync(host.Services); // it listens first and migrates after (ADR 0023)
        var url = new Uri(host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

        // The service syncs its built-in remote by itself at start; its own record says how long that took.
        var first = await FirstSyncAsync(host.Services);
        var resync = await TimeSyncAsync(host.Services);
        var sync = (Result: resync.Result, Seconds: first.LastDurationMs / 1000.0);
        Console.WriteLine($"# catalog sync of {first.AppCount} apps: {sync.Seconds:F2} s; unchanged re-sync: {resync.Seconds * 1000:F0} ms ({resync.Result.Outcome})");

        if (options.Serve)
        {
            Console.WriteLine($"# serving on {url} (send X-Bfl-User: alice); Ctrl+C or SIGTERM stops");
            await WaitForStopAsync();
            return 0;
        }

        // The fake remote is not needed any more; dropping it keeps the memory figure about the service.
        await remote.DisposeAsync();
        await MeasureAsync(options, url, (sync.Seconds, resync.Seconds));
        return 0;
    }

    /// <summary>Until Ctrl+C or SIGTERM.</summary>
    internal static async Task WaitForStopAsync()
    {
        var stop = new TaskCompletionSource();
        using var interrupt = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, c => { c.Cancel = true; stop.TrySetResult(); });
        using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });
        await stop.Task;
    }

    private static async Task MeasureAsync(BenchOptions options, Uri url, (double Sync, double Resync)? sync)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = options.Connections, UseCookies = false, AutomaticDecompression = DecompressionMethods.None };
        using var client = new HttpClient(handler) { BaseAddress = url, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Add("X-Bfl-User", "alice");

        var first = await client.GetAsync(Prefix + "/market/data");
        var etag = first.Headers.ETag!;
        var data = (await first.Content.ReadFromJsonAsync<JsonObject>())!["data"]!;
        var names = data["user_data"]!["sources"]!["market.olares"]!["app_info_latest"]!.AsArray()
            .Select(a => a!["app_simple_info"]!["app_name"]!.GetValue<string>()).ToArray();
        Console.WriteLine($"# {names.Length} apps listed for alice; ETag {etag.Tag[..12]}…\"");

        var duration = TimeSpan.FromSeconds(options.Seconds);
        var heavy = Math.Min(options.Connections, 8);
        var results = new List<PhaseResult>
        {
            await LoadRunner.RunAsync("GET /market/hash", client, options.Connections, duration,
                () => new HttpRequestMessage(HttpMethod.Get, Prefix + "/market/hash"), 200),
            await LoadRunner.RunAsync("GET /market/data (304)", client, options.Connections, duration, () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, Prefix + "/market/data");
                request.Headers.IfNoneMatch.Add(etag);
                return request;
            }, 304),
            await LoadRunner.RunAsync("GET /market/data (200, 1 connection)", client, 1, duration,
                () => new HttpRequestMessage(HttpMethod.Get, Prefix + "/market/data"), 200),
            await LoadRunner.RunAsync("GET /market/data (200)", client, heavy, duration,
                () => new HttpRequestMessage(HttpMethod.Get, Prefix + "/market/data"), 200),
            await LoadRunner.RunAsync("GET /market/data (200, gzip)", client, heavy, duration, () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, Prefix + "/market/data");
                request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
                return request;
            }, 200),
        };
        var counter = 0;
        results.Add(await LoadRunner.RunAsync("POST /apps (10 apps)", client, options.Connections, duration, () =>
        {
            var start = Interlocked.Add(ref counter, 10);
            var apps = Enumerable.Range(start, 10).Select(i => new JsonObject
            {
                ["appid"] = names[i % names.Length],
                ["sourceDataName"] = "market.olares",
            });
            return new HttpRequestMessage(HttpMethod.Post, Prefix + "/apps")
            {
                Content = new StringContent(new JsonObject { ["apps"] = new JsonArray(apps.ToArray<JsonNode?>()) }.ToJsonString(), Encoding.UTF8, "application/json"),
            };
        }, 200));

        var usersTime = await ManyUsersAsync(client, options.Users, options.Connections);
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var rss = Process.GetCurrentProcess().WorkingSet64 / (1024.0 * 1024);
        var heap = GC.GetTotalMemory(false) / (1024.0 * 1024);

        Console.WriteLine();
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {RuntimeInfo()}; {names.Length} apps; {options.Connections} connections ({heavy} for 200s of /market/data); {options.Seconds} s per phase");
        Console.WriteLine();
        Console.WriteLine("| request | req/s | mean ms | p50 ms | p90 ms | p99 ms | errors | body bytes |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Name} | {r.RequestsPerSecond:F0} | {r.MeanMs:F2} | {r.P50Ms:F2} | {r.P90Ms:F2} | {r.P99Ms:F2} | {r.Errors} | {r.BytesPerResponse} |"));
        }

        Console.WriteLine();
        if (sync is { } s)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Catalog sync of {names.Length} apps: {s.Sync:F2} s; unchanged re-sync: {s.Resync * 1000:F0} ms (no writes)."));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{options.Users} users' first /market/hash (view built per user): {usersTime:F2} s. After that, process working set {rss:F0} MB, managed heap {heap:F0} MB (the service and the load client share the process)."));
    }

    /// <summary>Every user's first hash builds their view; this is the cold path the cache pays once per user.</summary>
    private static async Task<double> ManyUsersAsync(HttpClient client, int users, int connections)
    {
        var started = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(Enumerable.Range(0, users), new ParallelOptions { MaxDegreeOfParallelism = connections }, async (i, ct) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, Prefix + "/market/hash");
            request.Headers.Add("X-Bfl-User", $"user{i}"); // request headers replace the client's default alice
            using var response = await client.SendAsync(request, ct);
            response.EnsureSuccessStatusCode();
        });
        return Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private static async Task<SourceSyncStatusDto> FirstSyncAsync(IServiceProvider services)
    {
        while (true)
        {
            await using var scope = services.CreateAsyncScope();
            var status = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new GetSourceSyncStatusQuery());
            var official = status.Single(s => s.SourceId == "market.olares");
            if (official.LastOutcome is "updated" or "failed" or "partial")
            {
                return official;
            }

            await Task.Delay(50);
        }
    }

    private static async Task<(SourceSyncResult Result, double Seconds)> TimeSyncAsync(IServiceProvider services)
    {
        while (true)
        {
            var started = Stopwatch.GetTimestamp();
            await using var scope = services.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new SyncMarketSourceCommand("market.olares"));
            if (result.Outcome != SourceSyncOutcome.Skipped)
            {
                return (result, Stopwatch.GetElapsedTime(started).TotalSeconds);
            }

            await Task.Delay(20);
        }
    }

    /// <summary>An entry of the size real catalog entries have (long localized descriptions, a history).</summary>
    internal static JsonObject RealisticApp(int i)
    {
        var app = FakeRemoteMarket.App($"app{i:D4}", $"1.{i % 7}.{i % 13}");
        var text = string.Concat(Enumerable.Repeat($"app{i:D4} keeps your data on your own cloud. ", 30));
        app["fullDescription"] = new JsonObject { ["en-US"] = text, ["zh-CN"] = text };
        app["promoteImage"] = new JsonArray(Enumerable.Range(0, 4).Select(n => (JsonNode?)$"https://img.example/app{i}/{n}.webp").ToArray());
        app["categories"] = new JsonArray(i % 3 == 0 ? "Productivity" : i % 3 == 1 ? "Entertainment" : "Utilities");
        return app;
    }

    private static string RuntimeInfo() => $"{System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}";
}
