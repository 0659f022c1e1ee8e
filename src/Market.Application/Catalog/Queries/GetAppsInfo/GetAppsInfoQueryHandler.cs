using System.Buffers;
using System.Text.Json;
using Market.Application.Common.Catalog;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Mediator;
using Microsoft.Extensions.Options;

namespace Market.Application.Catalog.Queries.GetAppsInfo;

/// <summary>
/// Looks each requested app up by name in its source: remote catalogs (any remote, delisted apps
/// included so installed users keep their details), local sources among the caller's own apps first,
/// then the shared ones. Entrance URLs are built for the caller's zone.
/// </summary>
public sealed class GetAppsInfoQueryHandler(IMarketViewCache cache, IOptions<SystemOptions> system) : IQueryHandler<GetAppsInfoQuery, RawJson>
{
    /// <summary>The 500 message of this route (the Api answers it for an unexpected failure).</summary>
    public const string FailureMessage = "Failed to retrieve apps information";

    public async ValueTask<RawJson> Handle(GetAppsInfoQuery query, CancellationToken cancellationToken) => await AnswerAsync(query, cancellationToken);

    private async Task<RawJson> AnswerAsync(GetAppsInfoQuery query, CancellationToken ct)
    {
        var sources = (await cache.GetSourcesAsync(ct)).ToDictionary(s => s.Id, StringComparer.Ordinal);
        var zone = AppEntryWriter.ZoneFor(system.Value.UserZone, query.User);
        var notFound = new List<AppRef>();
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        var found = 0;
        using (var w = new Utf8JsonWriter(buffer, JsonSegment.WriterOptions))
        {
            w.WriteStartObject();
            w.WriteStartArray("apps");
            foreach (var app in query.Apps!)
            {
                var item = await FindAsync(sources, app, query.User, ct);
                if (item is null)
                {
                    notFound.Add(app);
                    continue;
                }

                CatalogWire.WriteAppDetail(w, item, zone);
                found++;
            }

            w.WriteEndArray();
            if (notFound.Count > 0)
            {
                w.WriteStartArray("not_found");
                foreach (var missing in notFound)
                {
                    w.WriteStartObject();
                    w.WriteString("appid", missing.AppId ?? string.Empty);
                    w.WriteString("sourceDataName", missing.SourceDataName ?? string.Empty);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            w.WriteNumber("total_count", found);
            w.WriteEndObject();
        }

        return new RawJson(buffer.WrittenSpan.ToArray());
    }

    private async Task<CatalogItem?> FindAsync(Dictionary<string, SourceRef> sources, AppRef app, string user, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(app.AppId) || string.IsNullOrEmpty(app.SourceDataName)
            || !sources.TryGetValue(app.SourceDataName, out var source))
        {
            return null;
        }

        if (!source.IsRemote && (await cache.GetPartitionAsync(source.Id, user, ct)).ByName.TryGetValue(app.AppId, out var own))
        {
            return own;
        }

        return (await cache.GetPartitionAsync(source.Id, string.Empty, ct)).ByName.GetValueOrDefault(app.AppId);
    }
}
