using System.Text.Json.Nodes;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Json;

namespace Market.Application.Common.Events;

/// <summary>Events of the catalog feature.</summary>
public static class CatalogEvents
{
    /// <summary>Point of the broadcast a sync sends when it changed what users see.</summary>
    public const string CatalogSyncedPoint = "catalog_synced";

    /// <summary>Point the sources feature sends when a source is added or removed.</summary>
    public const string SourceChangedPoint = "market_source_changed";

    public static MarketEvent CatalogSynced(string sourceId, int appCount) =>
        new(string.Empty, MarketEvent.MarketSystemPoint, new JsonObject
        {
            ["point"] = CatalogSyncedPoint,
            ["extensions"] = new JsonObject { ["source"] = sourceId, ["app_count"] = appCount },
        });

    /// <summary>The point of a <c>market_system_point</c> event, or "".</summary>
    public static string PointOf(MarketEvent marketEvent) =>
        marketEvent.Payload["point"] is JsonValue point && point.TryGetValue<string>(out var text) ? text : string.Empty;

    /// <summary><c>extensions.source</c> (and <c>extensions.change</c>) of a source-changed event.</summary>
    public static (string Source, string Change) SourceChange(MarketEvent marketEvent)
    {
        var extensions = marketEvent.Payload["extensions"] as JsonObject;
        return (JsonRead.Str(extensions, "source"), JsonRead.Str(extensions, "change"));
    }
}
