using System.Text.Json.Nodes;
using Market.Application.Common.Interfaces;

namespace Market.Application.Packages;

/// <summary>The <c>market_system_point</c> events of uploads and deletions (the upload dialog waits for <c>new_app_ready</c>).</summary>
internal static class PackageEvents
{
    public const string NewAppReady = "new_app_ready";
    public const string LocalAppDelete = "local_app_delete";

    /// <param name="appInfo">The app's entry, sent as <c>extensions_obj.app_info</c> with <c>new_app_ready</c> as the original does.</param>
    public static MarketEvent Point(string user, string point, string appName, string appVersion, string source, JsonObject? appInfo = null)
    {
        var payload = new JsonObject
        {
            ["point"] = point,
            ["extensions"] = new JsonObject
            {
                ["app_name"] = appName,
                ["app_version"] = appVersion,
                ["source"] = source,
            },
        };
        if (appInfo is not null)
        {
            payload["extensions_obj"] = new JsonObject { ["app_info"] = appInfo };
        }

        return new(user, MarketEvent.MarketSystemPoint, payload);
    }
}
