using System.Text.Json.Nodes;
using Market.Application.Common.Interfaces;

namespace Market.Api.Realtime;

/// <summary>
/// How a <see cref="MarketEvent"/> looks on <c>/ws</c> and the SSE stream: one flat JSON object with
/// <c>notify_type</c>, <c>user</c>, <c>timestamp</c> and the payload's own fields beside them, as the
/// web app reads it (<c>body.notify_type</c>, <c>body.app_name</c>, <c>body.app_state_latest</c> …).
/// </summary>
public static class PushMessage
{
    /// <summary>True when the event belongs to <paramref name="user"/> or to everybody.</summary>
    public static bool IsFor(this MarketEvent marketEvent, string user) =>
        marketEvent.User.Length == 0 || string.Equals(marketEvent.User, user, StringComparison.Ordinal);

    public static string ToJson(MarketEvent marketEvent, DateTimeOffset now)
    {
        var message = new JsonObject
        {
            ["notify_type"] = marketEvent.NotifyType,
            ["user"] = marketEvent.User,
            ["timestamp"] = now.ToUnixTimeSeconds(),
        };

        // The payload's own user/timestamp win; notify_type is the event's and is never overridden.
        foreach (var (key, value) in marketEvent.Payload)
        {
            if (key != "notify_type")
            {
                message[key] = value?.DeepClone();
            }
        }

        return message.ToJsonString();
    }
}
