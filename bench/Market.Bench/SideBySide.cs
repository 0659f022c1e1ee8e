using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Market.Testing.Fakes;

namespace Market.Bench;

/// <summary>
/// The two helpers bench/compare.sh needs besides the service itself: a fake remote of realistic apps as a
/// process of its own (<c>--remote</c>), so the service's memory and start-up are measured alone, and the
/// comparator of a sync, a plain sequential download of the same detail batches (<c>--download URL</c>).
/// </summary>
internal static class SideBySide
{
    public static async Task<int> RemoteAsync(BenchOptions options, int batchMs)
    {
        await using var remote = await FakeRemoteMarket.StartAsync();
        for (var i = 0; i < options.Apps; i++)
        {
            remote.Put(BenchMain.RealisticApp(i));
        }

        remote.DetailDelay = TimeSpan.FromMilliseconds(batchMs);
        Console.WriteLine($"# remote on {remote.BaseUrl} ({options.Apps} apps, {batchMs} ms per detail batch)");
        await BenchMain.WaitForStopAsync();
        Console.WriteLine($"# most detail batches in flight at once: {remote.MaxConcurrentDetails}");
        return 0;
    }

    /// <summary>Hash, info, then every batch of 10 ids one after another, bodies read and parsed: the least a sync must do.</summary>
    public static async Task<int> DownloadAsync(string url)
    {
        using var client = new HttpClient { BaseAddress = new Uri(url.TrimEnd('/') + "/") };
        var started = Stopwatch.GetTimestamp();
        (await client.GetAsync("api/v1/appstore/hash")).EnsureSuccessStatusCode();
        var info = (await client.GetFromJsonAsync<JsonObject>("api/v1/appstore/info"))!;
        var ids = info["data"]!["apps"]!.AsObject().Select(p => p.Key).ToList();
        var apps = 0;
        foreach (var batch in ids.Chunk(10))
        {
            using var response = await client.PostAsJsonAsync("api/v1/applications/info", new JsonObject { ["app_ids"] = new JsonArray(batch.Select(i => (JsonNode?)i).ToArray()) });
            response.EnsureSuccessStatusCode();
            apps += (await response.Content.ReadFromJsonAsync<JsonObject>())!["apps"]!.AsObject().Count;
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"download {apps} apps in {(ids.Count + 9) / 10} batches: {seconds:F3} s"));
        return 0;
    }
}
