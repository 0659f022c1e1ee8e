using Market.Application.Common.Interfaces;
using Market.Application.Sources.Models;
using Market.Domain.Sources;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Sources.Queries.GetMarketSources;

/// <summary>Builds the <c>{sources, default_source, updated_at}</c> answer shared by add and delete.</summary>
internal static class MarketSourcesConfigReader
{
    public static async Task<MarketSourcesConfigDto> ReadAsync(IMarketDbContext db, CancellationToken cancellationToken)
    {
        var sources = await db.MarketSources.AsNoTracking()
            .OrderByDescending(s => s.Priority)
            .ThenBy(s => s.Id)
            .ToListAsync(cancellationToken);
        var labels = await CatalogLabelsAsync(db, cancellationToken);
        var updatedAt = sources.Count == 0 ? DateTime.UnixEpoch : sources.Max(s => s.UpdatedAt);
        return new MarketSourcesConfigDto(sources.Select(s => MarketSourceDto.From(s, labels.GetValueOrDefault(s.Id))).ToList(), MarketSource.OfficialId, updatedAt);
    }

    /// <summary>How each synced remote names itself in its own catalog info.</summary>
    public static async Task<Dictionary<string, SourceLabels>> CatalogLabelsAsync(IMarketDbContext db, CancellationToken cancellationToken)
    {
        var rows = await db.SourceSnapshots.AsNoTracking()
            .Select(s => new { s.SourceId, s.DisplayName, s.ShortLabel, s.Icon })
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.SourceId, r => new SourceLabels(r.DisplayName, r.ShortLabel, r.Icon), StringComparer.Ordinal);
    }
}
