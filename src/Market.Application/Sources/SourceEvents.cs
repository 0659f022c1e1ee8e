using System.Text.Json.Nodes;
using Market.Application.Common.Interfaces;

namespace Market.Application.Sources;

internal static class SourceEvents
{
    /// <summary>Tells every replica that the source list changed (sync schedulers and catalog caches listen).</summary>
    public static MarketEvent SourcesChanged(string sourceId, string change) =>
        new(string.Empty, MarketEvent.MarketSystemPoint, new JsonObject
        {
            ["point"] = "market_source_changed",
            ["extensions"] = new JsonObject { ["source"] = sourceId, ["change"] = change },
        });
}
