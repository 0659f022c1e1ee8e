using System.Text.Json.Nodes;
using Market.Application.Common.Interfaces;

namespace Market.Application.Runtime;

/// <summary>Events of the runtime feature.</summary>
public static class RuntimeEvents
{
    /// <summary>Point of the broadcast an admin's <c>/reload</c> sends: every replica drops its catalog cache (clients ignore it).</summary>
    public const string CacheReloadPoint = "market_cache_reload";

    /// <summary>Point of the broadcast sent when <c>/cleanup</c> removed catalog rows.</summary>
    public const string CatalogCleanedPoint = "market_catalog_cleaned";

    public static MarketEvent CacheReload() =>
        new(string.Empty, MarketEvent.MarketSystemPoint, new JsonObject { ["point"] = CacheReloadPoint, ["extensions"] = new JsonObject() });

    public static MarketEvent CatalogCleaned(int count) =>
        new(string.Empty, MarketEvent.MarketSystemPoint, new JsonObject
        {
            ["point"] = CatalogCleanedPoint,
            ["extensions"] = new JsonObject { ["cleaned_count"] = count },
        });
}
