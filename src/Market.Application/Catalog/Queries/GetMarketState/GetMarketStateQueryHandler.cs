using System.Buffers;
using System.Text.Json;
using Market.Application.Common.Catalog;
using Market.Application.Common.Interfaces;
using Mediator;

namespace Market.Application.Catalog.Queries.GetMarketState;

public sealed class GetMarketStateQueryHandler(IMarketViewCache cache, TimeProvider clock) : IQueryHandler<GetMarketStateQuery, MarketDocument>
{
    /// <summary>The 500 message of this route (the Api answers it for an unexpected failure).</summary>
    public const string FailureMessage = "Failed to retrieve market state";

    public async ValueTask<MarketDocument> Handle(GetMarketStateQuery query, CancellationToken cancellationToken)
    {
        var view = await cache.GetViewAsync(query.User, cancellationToken);
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        if (!query.Simple)
        {
            return new MarketDocument(view, MarketDocumentKind.State, now);
        }

        var simple = new Dictionary<string, JsonSegment>(StringComparer.Ordinal);
        foreach (var source in view.Sources)
        {
            var shared = await cache.GetPartitionAsync(source.Id, string.Empty, cancellationToken);
            var own = source.Type == Market.Domain.Sources.MarketSourceType.Local
                ? await cache.GetPartitionAsync(source.Id, query.User, cancellationToken)
                : null;
            var items = CatalogPartition.Visible(shared, own);
            if (items.Count > 0)
            {
                simple[source.Id] = WriteSparse(items);
            }
        }

        return new MarketDocument(view, MarketDocumentKind.StateSimple, now, simple);
    }

    /// <summary>The original's full info struct with only <c>app_simple_info</c> set (original-api-endpoints §3.4).</summary>
    private static JsonSegment WriteSparse(IReadOnlyList<CatalogItem> items)
    {
        var buffer = new ArrayBufferWriter<byte>(items.Count * 400);
        using (var w = new Utf8JsonWriter(buffer, JsonSegment.WriterOptions))
        {
            w.WriteStartArray();
            foreach (var item in items)
            {
                w.WriteStartObject();
                w.WriteString("type", string.Empty);
                w.WriteNumber("timestamp", 0);
                w.WriteNull("raw_data");
                w.WriteString("raw_package", string.Empty);
                w.WriteNull("values");
                w.WriteNull("app_info");
                w.WriteString("rendered_package", string.Empty);
                w.WritePropertyName("app_simple_info");
                CatalogWire.WriteTypedSimpleInfo(w, item, item.Entry());
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        return JsonSegment.FromUtf8(buffer.WrittenSpan.ToArray());
    }
}
