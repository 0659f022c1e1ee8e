using System.Diagnostics;
using System.Globalization;

namespace Market.Bench.Chaos;

/// <summary>Who takes part in the chaos run (apps, users), its clock, and the small helpers every part of it shares.</summary>
internal static class ChaosScenario
{
    internal const string Prefix = "/app-store/api/v2";

    internal static readonly string[] Apps = ["chaosa", "chaosb", "chaosc", "chaosd", "chaose"];

    internal static readonly string[] Users = Enumerable.Range(0, 20).Select(i => $"u{i:D2}").ToArray();

    /// <summary>Users who install nothing and change their selected source on a while Redis is away, then stay quiet.</summary>
    internal static readonly string[] Quiet = Enumerable.Range(0, 5).Select(i => $"q{i}").ToArray();

    internal static readonly Stopwatch Clock = new();

    /// <summary>Marks an accepted install whose task id is known only by its idempotency key (sync answers).</summary>
    internal const string KeyPrefix = "key:";

    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="within"/> passes; errors count as "not yet".</summary>
    internal static async Task<bool> WaitAsync(Func<Task<bool>> condition, TimeSpan within)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < within)
        {
            try
            {
                if (await condition())
                {
                    return true;
                }
            }
            catch (Exception e) when (e is InvalidOperationException or Npgsql.NpgsqlException or HttpRequestException)
            {
                // Not yet.
            }

            await Task.Delay(250);
        }

        return false;
    }

    internal static async Task<string?> HashAsync(AnswerLog answers, HttpClient replica, string user) =>
        (await answers.SendAsync(replica, "GET /market/hash", Get("/market/hash", user))).Json()?["data"]?["hash"]?.GetValue<string>();

    internal static string Describe(Dictionary<string, int> counts) =>
        counts.Count == 0 ? "none" : string.Join(", ", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} {c.Value}"));

    internal static string IdempotencyKey(string user, string app) => $"chaos-{user}-{app}";

    internal static HttpRequestMessage Get(string route, string user)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, Prefix + route);
        request.Headers.Add("X-Bfl-User", user);
        return request;
    }

    internal static string Seconds(double? seconds) => seconds is { } s ? string.Create(CultureInfo.InvariantCulture, $"{s:F2} s") : "never";

    internal static void Say(string line) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# [{Clock.Elapsed.TotalSeconds,6:F1}] {line}"));
}
