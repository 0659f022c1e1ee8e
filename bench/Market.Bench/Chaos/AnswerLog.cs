using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;

namespace Market.Bench.Chaos;

/// <summary>One answer: the status (0 = no answer at all), the body and the Retry-After the service asked for.</summary>
internal sealed record Answer(int Status, string Body, TimeSpan? RetryAfter, string? ETag = null)
{
    public JsonObject? Json()
    {
        try
        {
            return Body.Length == 0 ? null : JsonNode.Parse(Body) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}

/// <summary>Every HTTP answer of the run, counted by route and status; the first server errors kept whole.</summary>
internal sealed class AnswerLog(Stopwatch clock)
{
    private readonly ConcurrentQueue<(double At, string Route, int Status)> _unavailable = new();

    private readonly ConcurrentDictionary<(string Route, int Status), int> _counts = new();
    private readonly ConcurrentQueue<string> _serverErrors = new();

    public IEnumerable<KeyValuePair<(string Route, int Status), int>> Counts => _counts.OrderBy(c => c.Key.Route, StringComparer.Ordinal).ThenBy(c => c.Key.Status);

    public IReadOnlyCollection<string> ServerErrors => _serverErrors;

    /// <summary>503s answered between two instants, by route, readiness probes left out.</summary>
    public Dictionary<string, int> UnavailableBetween(double from, double to) =>
        _unavailable.Where(u => u.At >= from && u.At <= to && u.Route != "GET /healthz/ready")
            .GroupBy(u => u.Route).ToDictionary(g => g.Key, g => g.Count());

    public int Total(Func<int, bool> status) => _counts.Where(c => status(c.Key.Status)).Sum(c => c.Value);

    public async Task<Answer> SendAsync(HttpClient client, string route, HttpRequestMessage request)
    {
        Answer answer;
        try
        {
            using var response = await client.SendAsync(request);
            answer = new Answer((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.RetryAfter?.Delta, response.Headers.ETag?.ToString());
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            answer = new Answer(0, e.Message, null);
        }

        _counts.AddOrUpdate((route, answer.Status), 1, (_, n) => n + 1);
        if (answer.Status == (int)HttpStatusCode.ServiceUnavailable)
        {
            _unavailable.Enqueue((clock.Elapsed.TotalSeconds, route, answer.Status));
        }

        if ((answer.Status >= 500 && answer.Status != (int)HttpStatusCode.ServiceUnavailable) || answer.Status == 0)
        {
            if (_serverErrors.Count < 20)
            {
                _serverErrors.Enqueue($"{answer.Status} {request.Method} {request.RequestUri}: {answer.Body[..Math.Min(300, answer.Body.Length)]}");
            }
        }

        return answer;
    }
}
