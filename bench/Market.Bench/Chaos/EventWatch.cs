using System.Diagnostics;
using System.Net.Http.Headers;

namespace Market.Bench.Chaos;

/// <summary>
/// Every user's SSE stream (<c>/events</c>) on one replica, as the web app keeps it open: the time of each
/// <c>app_state_change</c> received, so the run can tell whether pushes reached this replica's own clients
/// while Redis was away. A stream that ends is opened again (counted).
/// </summary>
internal sealed class EventWatch(Uri replica, IReadOnlyList<string> users)
{
    private readonly List<double> _stateChanges = [];
    private int _reopened;

    public int Reopened => Volatile.Read(ref _reopened);

    public Task RunAsync(Stopwatch clock, CancellationToken stop) =>
        Task.WhenAll(users.Select(user => FollowAsync(user, clock, stop)));

    public int Between(double from, double to)
    {
        lock (_stateChanges)
        {
            return _stateChanges.Count(t => t >= from && t <= to);
        }
    }

    private async Task FollowAsync(string user, Stopwatch clock, CancellationToken stop)
    {
        using var client = new HttpClient { BaseAddress = replica, Timeout = Timeout.InfiniteTimeSpan };
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/app-store/api/v2/events");
                request.Headers.Add("X-Bfl-User", user);
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stop);
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(stop));
                while (await reader.ReadLineAsync(stop) is { } line)
                {
                    if (line == "event: app_state_change")
                    {
                        lock (_stateChanges)
                        {
                            _stateChanges.Add(clock.Elapsed.TotalSeconds);
                        }
                    }
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                // The stream broke: open it again, as the web app does.
            }

            if (!stop.IsCancellationRequested)
            {
                Interlocked.Increment(ref _reopened);
                try
                {
                    await Task.Delay(500, stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
