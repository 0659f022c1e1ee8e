using System.Diagnostics;

namespace Market.Bench;

/// <summary>Result of one load phase.</summary>
internal sealed record PhaseResult(string Name, long Requests, long Errors, double Seconds, double P50Ms, double P90Ms, double P99Ms, double MeanMs, long BytesPerResponse)
{
    public double RequestsPerSecond => Requests / Seconds;
}

/// <summary>Closed-loop load: <c>connections</c> workers each send the next request as soon as the last one's body is read.</summary>
internal static class LoadRunner
{
    public static async Task<PhaseResult> RunAsync(
        string name, HttpClient client, int connections, TimeSpan duration, Func<HttpRequestMessage> request, int expectedStatus)
    {
        // Warm-up, same load for a while: connections opened, tiered JIT at its final code, caches built.
        var warmUp = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(async _ =>
        {
            while (warmUp.Elapsed < duration / 2)
            {
                await SendAsync(client, request, CancellationToken.None);
            }
        }));

        var latencies = new List<double>[connections];
        var errors = 0L;
        var bytes = 0L;
        var stop = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, connections).Select(async worker =>
        {
            var mine = latencies[worker] = new List<double>(100_000);
            while (stop.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                var (status, length) = await SendAsync(client, request, CancellationToken.None);
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (status != expectedStatus)
                {
                    Interlocked.Increment(ref errors);
                }

                Interlocked.Exchange(ref bytes, length);
            }
        }).ToArray();
        await Task.WhenAll(workers);
        var seconds = stop.Elapsed.TotalSeconds;

        var all = latencies.SelectMany(l => l).Order().ToArray();
        double At(double q) => all.Length == 0 ? 0 : all[Math.Min(all.Length - 1, (int)(q * all.Length))];
        return new PhaseResult(name, all.Length, errors, seconds, At(0.50), At(0.90), At(0.99), all.Length == 0 ? 0 : all.Average(), bytes);
    }

    private static async Task<(int Status, long Length)> SendAsync(HttpClient client, Func<HttpRequestMessage> request, CancellationToken ct)
    {
        try
        {
            using var message = request();
            using var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, ct);
            await using var body = await response.Content.ReadAsStreamAsync(ct);
            var buffer = new byte[81920];
            long length = 0;
            int read;
            while ((read = await body.ReadAsync(buffer, ct)) > 0)
            {
                length += read;
            }

            return ((int)response.StatusCode, length);
        }
        catch (HttpRequestException)
        {
            return (0, 0);
        }
    }
}
