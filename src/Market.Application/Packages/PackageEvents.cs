using System.Text.Json.Nodes;
using Market.Application.Common.Interfaces;

namespace Market.Application.Packages;

/// <summary>The <c>market_system_point</c> events of uploads and deletions (the upload dialog waits for <c>new_app_ready</c>).</summary>
internal static class PackageEvents
{
    public const string NewAppReady = "new_app_ready";
    public const string LocalAppDelete = "local_app_delete";

    public static MarketEvent Point(string user, string point, string appName, string appVersion, string source) =>
        new(user, MarketEvent.MarketSystemPoint, new JsonObject
        {
            ["point"] = point,
            ["extensions"] = new JsonObject
            {
                ["app_name"] = appName,
                ["app_version"] = appVersion,
                ["source"] = source,
            },
        });
}
