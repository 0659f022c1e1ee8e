using System.Text.Json.Nodes;
using Market.Application.Common.Interfaces;

namespace Market.Application.Updates;

/// <summary>The <c>market_system_point</c> a client refreshes its update badge on.</summary>
internal static class UpdateEvents
{
    public const string UpdatesChanged = "updates_changed";

    public static MarketEvent Changed(string user, string appName) => new(user, MarketEvent.MarketSystemPoint, new JsonObject
    {
        ["point"] = UpdatesChanged,
        ["extensions"] = new JsonObject { ["app_name"] = appName },
    });
}
