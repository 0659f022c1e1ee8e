using System.Text.Json.Nodes;
using Market.Application.Common.Catalog;
using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Json;
using Mediator;

namespace Market.Application.Catalog.Queries.GetAppVersionHistory;

/// <summary>
/// The original asked app-service; the history is part of the catalog entry, so it is read from there:
/// the caller's selected remote first, then their local sources, then the other remotes.
/// </summary>
public sealed class GetAppVersionHistoryQueryHandler(IMarketViewCache cache) : IQueryHandler<GetAppVersionHistoryQuery, VersionHistoryDto>
{
    public const string FailureMessage = "Failed to get version history";

    public async ValueTask<VersionHistoryDto> Handle(GetAppVersionHistoryQuery query, CancellationToken cancellationToken)
    {
        var name = query.AppName!.Trim();
        var item = await FindAsync(query.User, name, cancellationToken) ?? throw new NotFoundException(FailureMessage);
        var history = JsonRead.Get(item.Entry(), "versionHistory") as JsonArray;
        if (history is null || history.Count == 0)
        {
            return new VersionHistoryDto(null);
        }

        var items = new JsonArray();
        foreach (var version in history.OfType<JsonObject>())
        {
            var mergedAt = JsonRead.Str(version, "mergedAt");
            items.Add(new JsonObject
            {
                ["appName"] = JsonRead.Str(version, "appName") is { Length: > 0 } appName ? appName : name,
                ["version"] = JsonRead.Str(version, "version"),
                ["versionName"] = JsonRead.Str(version, "versionName"),
                ["mergedAt"] = mergedAt.Length > 0 ? mergedAt : null,
                ["upgradeDescription"] = JsonRead.DefaultText(JsonRead.Get(version, "upgradeDescription")),
            });
        }

        return new VersionHistoryDto(items);
    }

    private async Task<CatalogItem?> FindAsync(string user, string name, CancellationToken ct)
    {
        var view = await cache.GetViewAsync(user, ct);
        var sources = await cache.GetSourcesAsync(ct);
        var order = sources
            .OrderBy(s => s.Id == view.SelectedSource ? 0 : s.IsRemote ? 2 : 1)
            .ThenBy(s => s.Id, StringComparer.Ordinal);
        foreach (var source in order)
        {
            if (!source.IsRemote && (await cache.GetPartitionAsync(source.Id, user, ct)).ByName.TryGetValue(name, out var own))
            {
                return own;
            }

            if ((await cache.GetPartitionAsync(source.Id, string.Empty, ct)).ByName.TryGetValue(name, out var shared))
            {
                return shared;
            }
        }

        return null;
    }
}
