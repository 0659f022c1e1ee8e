using System.Text.Json.Nodes;
using Market.Application.Common.Interfaces;
using Market.Application.Tasks.Engine;

namespace Market.Infrastructure.Nats;

/// <summary>
/// The bodies on <c>{MarketSubject}.{user}</c> exactly as the original sends them (original-data-and-sync §12,
/// original-api-endpoints §7.5). Our <c>/ws</c> payloads are already those bodies, except that task points
/// carry a few Market extras (task id, op type, error) which the original's extensions do not have.
/// </summary>
internal static class NatsWire
{
    private static readonly string[] TaskExtensionKeys = ["task_type", "app_name", "task_status", "version", "source"];

    /// <summary>The subject token for a user, or null when the name cannot be one (wildcards, dots, spaces).</summary>
    public static string? Subject(string prefix, string user) =>
        user.Length == 0 || user.Any(c => c is '.' or '*' or '>' || char.IsWhiteSpace(c)) ? null : $"{prefix}.{user}";

    public static JsonObject Body(MarketEvent marketEvent)
    {
        var body = marketEvent.Payload.DeepClone().AsObject();
        if (marketEvent.NotifyType == MarketEvent.MarketSystemPoint && IsTaskPoint(body["point"]) && body["extensions"] is JsonObject extensions)
        {
            var original = new JsonObject();
            foreach (var key in TaskExtensionKeys)
            {
                // version and source are omitempty in the original; the others are always there.
                if (extensions[key] is { } value && (key is not ("version" or "source") || value.GetValue<string>().Length > 0))
                {
                    original[key] = value.DeepClone();
                }
            }

            body["extensions"] = original;
        }

        return body;
    }

    private static bool IsTaskPoint(JsonNode? point) =>
        point is JsonValue value && value.TryGetValue<string>(out var text)
        && (text == TaskEventPublisher.Execute || text.StartsWith("task_finished_", StringComparison.Ordinal));
}
