using System.Globalization;
using System.Text.Json.Nodes;
using static Market.Domain.Common.JsonText;

namespace Market.Infrastructure.Runtime.Olares;

/// <summary>
/// The one reader of app-service's status shapes, shared by the runtime adapter (<see cref="OlaresAppRuntime"/>),
/// the reconcile (<see cref="AppServiceReconciler"/>) and the NATS ingest (<c>AppStateMessage</c>): the app
/// list of <c>all/apps</c>, the entrance states and the progress of a status or an announcement. Tolerant
/// like the original client: a field of the wrong kind reads as absent.
/// </summary>
internal static class AppServiceWire
{
    /// <summary>The apps of an <c>all/apps</c> answer: a bare array, or the <c>data</c> array of an envelope.</summary>
    public static IEnumerable<JsonObject> Apps(JsonNode? answer) =>
        (answer as JsonArray ?? (answer as JsonObject)?["data"] as JsonArray ?? []).OfType<JsonObject>();

    /// <summary><c>entranceStatuses</c> as name → state (the first of a name wins); null when there are none.</summary>
    public static Dictionary<string, string>? EntranceStates(JsonNode? entranceStatuses)
    {
        var states = (entranceStatuses as JsonArray)?.OfType<JsonObject>()
            .Where(e => Text(e["name"]).Length > 0)
            .GroupBy(e => Text(e["name"]))
            .ToDictionary(g => g.Key, g => Text(g.First()["state"]), StringComparer.Ordinal);
        return states is { Count: > 0 } ? states : null;
    }

    /// <summary><c>progress</c>: a string as it is, a number with at most two decimals, anything else null.</summary>
    public static string? Progress(JsonNode? progress) => progress switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonValue value when value.TryGetValue<double>(out var number) => number.ToString("0.##", CultureInfo.InvariantCulture),
        _ => null,
    };
}
