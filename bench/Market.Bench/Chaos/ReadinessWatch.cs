using System.Diagnostics;

namespace Market.Bench.Chaos;

/// <summary>Polls one replica's <c>/healthz/ready</c> every 200 ms and keeps (time, status) to tell how it saw each outage.</summary>
internal sealed class ReadinessWatch(HttpClient replica, AnswerLog answers)
{
    private readonly List<(double At, int Status)> _samples = [];

    public async Task RunAsync(Stopwatch clock, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var answer = await answers.SendAsync(replica, "GET /healthz/ready", new HttpRequestMessage(HttpMethod.Get, "/healthz/ready"));
            lock (_samples)
            {
                _samples.Add((clock.Elapsed.TotalSeconds, answer.Status));
            }

            try
            {
                await Task.Delay(200, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>The 503s answered between <paramref name="down"/> and <paramref name="up"/>, and how long after <paramref name="up"/> the first 200 came.</summary>
    public (int NotReady, double? ReadyAfter) Around(double down, double up)
    {
        lock (_samples)
        {
            var notReady = _samples.Count(s => s.At >= down && s.At <= up && s.Status == 503);
            var firstReady = _samples.Where(s => s.At > up && s.Status == 200).Select(s => (double?)s.At).FirstOrDefault();
            return (notReady, firstReady - up);
        }
    }
}
