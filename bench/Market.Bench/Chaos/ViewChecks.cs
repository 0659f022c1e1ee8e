using System.Text.Json.Nodes;
using Market.Domain.Apps;
using static Market.Bench.Chaos.ChaosScenario;

namespace Market.Bench.Chaos;

/// <summary>The end-of-run comparisons: each replica's /market/state against PostgreSQL, and hash + /market/data across replicas.</summary>
internal static class ViewChecks
{
    /// <summary>For every user, each replica's /market/state against the rows PostgreSQL has: the count of apps that differ.</summary>
    internal static async Task<int> StatesAgainstDatabaseAsync(AnswerLog answers, HttpClient[] replicas, List<Market.Domain.Apps.UserApp> rows)
    {
        var mismatches = 0;
        foreach (var user in Users)
        {
            var expected = rows.Where(r => r.UserId == user).ToDictionary(r => r.AppName, r => r.State.ToWire(), StringComparer.Ordinal);
            foreach (var replica in replicas)
            {
                var request = new HttpRequestMessage(HttpMethod.Get, Prefix + "/market/state");
                request.Headers.Add("X-Bfl-User", user);
                var states = new Dictionary<string, string>(StringComparer.Ordinal);
                CollectStates((await answers.SendAsync(replica, "GET /market/state", request)).Json(), states);
                mismatches += Apps.Count(app => expected.GetValueOrDefault(app) != states.GetValueOrDefault(app));
            }
        }

        return mismatches;
    }

    /// <summary>Every <c>status: {name, state}</c> in a state document.</summary>
    internal static void CollectStates(JsonNode? node, Dictionary<string, string> states)
    {
        switch (node)
        {
            case JsonObject o:
                if (o["status"] is JsonObject { } status && status["name"]?.GetValueKind() == System.Text.Json.JsonValueKind.String
                    && status["state"]?.GetValueKind() == System.Text.Json.JsonValueKind.String)
                {
                    states[status["name"]!.GetValue<string>()] = status["state"]!.GetValue<string>();
                }

                foreach (var (_, child) in o)
                {
                    CollectStates(child, states);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    CollectStates(child, states);
                }

                break;
        }
    }

    /// <summary>The users whose hash or /market/data (less its send time) is not the same on every replica.</summary>
    internal static async Task<List<string>> DisagreeingUsersAsync(AnswerLog answers, HttpClient[] replicas, IEnumerable<string> users)
    {
        var disagreeing = new List<string>();
        foreach (var user in users)
        {
            var views = new HashSet<string>(StringComparer.Ordinal);
            foreach (var replica in replicas)
            {
                var hash = new HttpRequestMessage(HttpMethod.Get, Prefix + "/market/hash");
                hash.Headers.Add("X-Bfl-User", user);
                var data = new HttpRequestMessage(HttpMethod.Get, Prefix + "/market/data");
                data.Headers.Add("X-Bfl-User", user);
                var hashAnswer = (await answers.SendAsync(replica, "GET /market/hash", hash)).Json()?["data"]?["hash"]?.ToJsonString();
                var dataAnswer = (await answers.SendAsync(replica, "GET /market/data", data)).Json();
                (dataAnswer?["data"] as JsonObject)?.Remove("timestamp");
                views.Add($"{hashAnswer}|{dataAnswer?.ToJsonString()}");
            }

            if (views.Count != 1)
            {
                disagreeing.Add(user);
            }
        }

        return disagreeing;
    }
}
