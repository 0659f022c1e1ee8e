using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using static Market.Bench.Chaos.ChaosScenario;

namespace Market.Bench.Chaos;

/// <summary>What the users' clients send during the run: the installs (retried on 503 with one idempotency key) and background reads.</summary>
internal static class ClientLoad
{
    /// <summary>One install as a client that honours 503 + Retry-After would send it, with one idempotency key for all its tries.</summary>
    internal static async Task<string?> InstallAsync(AnswerLog answers, HttpClient replica, string user, string app, bool sync, ConcurrentBag<string> refused)
    {
        var deadline = Clock.Elapsed + TimeSpan.FromSeconds(120);
        while (Clock.Elapsed < deadline)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"{Prefix}/apps/{app}/install")
            {
                Content = new StringContent(new JsonObject { ["source"] = "upload", ["app_name"] = app, ["version"] = "1.0.0", ["sync"] = sync, ["envs"] = new JsonArray() }.ToJsonString(), Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("X-Bfl-User", user);
            request.Headers.Add("Idempotency-Key", IdempotencyKey(user, app));
            var answer = await answers.SendAsync(replica, sync ? "POST /apps/{id}/install (sync)" : "POST /apps/{id}/install", request);
            if (answer.Status is 200 or 202)
            {
                // A sync install answers with the runtime's result, not the task id: the key finds the task.
                return answer.Json()?["data"]?["task_id"]?.GetValue<string>() ?? KeyPrefix + IdempotencyKey(user, app);
            }

            if (answer.Status is >= 400 and < 500 and not 429)
            {
                refused.Add($"{user}/{app}: {answer.Status} {answer.Body}");
                return null;
            }

            await Task.Delay(answer.RetryAfter is { } wait && wait < TimeSpan.FromSeconds(10) ? wait : TimeSpan.FromSeconds(1));
        }

        return null;
    }

    /// <summary>
    /// A user's client polling in the background: hash, state, tasks and /market/data (conditional on the
    /// ETag this reader last saw from that replica), on either replica.
    /// </summary>
    internal static async Task ReadLoopAsync(AnswerLog answers, HttpClient[] replicas, int reader, CancellationToken stop)
    {
        string[] routes = ["/market/hash", "/market/state", "/tasks", "/market/data"];
        var random = new Random(reader);
        var etags = new Dictionary<(int Replica, string User), string>();
        while (!stop.IsCancellationRequested)
        {
            var route = routes[random.Next(routes.Length)];
            var user = Users[random.Next(Users.Length)];
            var replica = random.Next(2);
            var request = Get(route, user);
            var label = "GET " + route;
            if (route == "/market/data" && etags.TryGetValue((replica, user), out var known))
            {
                request.Headers.TryAddWithoutValidation("If-None-Match", known);
                label += " (If-None-Match)";
            }

            var answer = await answers.SendAsync(replicas[replica], label, request);
            if (answer.ETag is { } etag)
            {
                etags[(replica, user)] = etag;
            }

            try
            {
                await Task.Delay(20, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
