using System.Text.Json.Nodes;
using Market.Application.Common.Events;
using Market.Application.Common.Interfaces;

namespace Market.Infrastructure.Nats;

/// <summary>
/// The bodies on <c>{MarketSubject}.{user}</c> exactly as the original sends them (original-data-and-sync §12,
/// original-api-endpoints §7.5): like our <c>/ws</c> messages, <c>timestamp</c>, <c>user</c> and
/// <c>notify_type</c> with the payload's fields beside them (the payload's own user and timestamp win),
/// except that task points lose the Market extras (task id, op type, error) the original's extensions lack.
/// </summary>
internal static class NatsWire
{
    private static readonly string[] TaskExtensionKeys = ["task_type", "app_name", "task_status", "version", "source"];

    /// <summary>The subject token for a user, or null when the name cannot be one (wildcards, dots, spaces).</summary>
    public static string? Subject(string prefix, string user) =>
        user.Length == 0 || user.Any(c => c is '.' or '*' or '>' || char.IsWhiteSpace(c)) ? null : $"{prefix}.{user}";

    public static JsonObject Body(MarketEvent marketEvent, DateTimeOffset now)
    {
        var body = new JsonObject
        {
            ["timestamp"] = now.ToUnixTimeSeconds(),
            ["user"] = marketEvent.User,
            ["notify_type"] = marketEvent.NotifyType,
        };
        foreach (var (key, value) in marketEvent.Payload)
        {
            if (key != "notify_type")
            {
                body[key] = value?.DeepClone();
            }
        }

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
