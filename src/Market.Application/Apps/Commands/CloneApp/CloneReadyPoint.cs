using System.Text.Json.Nodes;
using Market.Application.Common.Interfaces;
using Market.Application.Packages;
using Market.Domain.Apps;
using Market.Domain.Catalog;

namespace Market.Application.Apps.Commands.CloneApp;

/// <summary>
/// The <c>new_app_ready</c> point the 1.12.7 web app refreshes a clone's card on (olares-current §6): sent once the
/// clone is accepted, with the clone's name and its application info entry (the original's entry renamed),
/// to every channel of the user (<c>/ws</c>, SSE and NATS) through the event bus.
/// </summary>
internal static class CloneReadyPoint
{
    public static MarketEvent For(string user, CatalogApp catalog, CloneIdentity clone, string rawName, string title, string version)
    {
        var entry = JsonNode.Parse(catalog.EntryJson) as JsonObject ?? [];
        entry["id"] = clone.AppId;
        entry["appID"] = clone.AppId;
        entry["name"] = clone.AppName;
        entry["rawAppName"] = rawName;
        entry["version"] = version;
        if (title.Length > 0)
        {
            entry["title"] = entry["title"] is JsonObject locales
                ? new JsonObject(locales.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)title)))
                : title;
        }

        return PackageEvents.Point(user, PackageEvents.NewAppReady, clone.AppName, version, catalog.SourceId, entry);
    }
}
