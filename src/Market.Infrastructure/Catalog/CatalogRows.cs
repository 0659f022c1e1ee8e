using Market.Application.Common.Catalog;
using Market.Application.Common.Interfaces;
using Market.Domain.Apps;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Infrastructure.Catalog;

/// <summary>The database reads of the catalog read side, each in its own scope (the caches are singletons).</summary>
internal sealed class CatalogRows(IServiceScopeFactory scopes)
{
    public async Task<IReadOnlyList<SourceRef>> SourcesAsync()
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IMarketDbContext>();
        var sources = await db.MarketSources.AsNoTracking().Select(s => new { s.Id, s.Type }).ToListAsync();
        return sources.Select(s => new SourceRef(s.Id, s.Type)).OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>A source's apps that everybody sees (owner <c>""</c>).</summary>
    public async Task<CatalogPartition> SharedPartitionAsync(string sourceId)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IMarketDbContext>();
        var rows = await db.CatalogApps.AsNoTracking().Where(a => a.SourceId == sourceId && a.Owner == string.Empty).ToListAsync();
        return CatalogPartition.Create(sourceId, string.Empty, rows.Select(CatalogItem.From));
    }

    /// <summary>All of one user's own apps in the given local sources at once, one partition per source.</summary>
    public async Task<IReadOnlyDictionary<string, CatalogPartition>> OwnPartitionsAsync(string user, IReadOnlyList<string> localSources)
    {
        // By source first: the (source, owner, app) index serves it without touching the big remote rows.
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IMarketDbContext>();
        var rows = await db.CatalogApps.AsNoTracking().Where(a => localSources.Contains(a.SourceId) && a.Owner == user).ToListAsync();
        return rows.GroupBy(r => r.SourceId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => CatalogPartition.Create(g.Key, user, g.Select(CatalogItem.From)), StringComparer.Ordinal);
    }

    /// <summary>The user's stored source choice and their apps (states).</summary>
    public async Task<(string? Selected, List<UserApp> Apps)> UserAsync(string user)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IMarketDbContext>();
        var selected = await db.UserSettings.AsNoTracking().Where(s => s.UserId == user).Select(s => s.SelectedSource).FirstOrDefaultAsync();
        var apps = await db.UserApps.AsNoTracking().Where(a => a.UserId == user).ToListAsync();
        return (selected, apps);
    }

    /// <summary>The stored <c>others</c> block of a remote (null when never synced).</summary>
    public async Task<string?> OthersJsonAsync(string sourceId)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IMarketDbContext>();
        return await db.SourceSnapshots.AsNoTracking().Where(s => s.SourceId == sourceId).Select(s => s.OthersJson).FirstOrDefaultAsync();
    }
}
