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
        var updatedAt = sources.Count == 0 ? DateTime.UnixEpoch : sources.Max(s => s.UpdatedAt);
        return new MarketSourcesConfigDto(sources.Select(s => s.ToDto()).ToList(), MarketSource.OfficialId, updatedAt);
    }
}
