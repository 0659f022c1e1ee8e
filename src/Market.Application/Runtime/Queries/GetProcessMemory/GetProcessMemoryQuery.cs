using Market.Application.Common.Interfaces;
using Market.Application.Runtime.Models;
using Mediator;

namespace Market.Application.Runtime.Queries.GetProcessMemory;

/// <summary><c>GET /market/debug-memory</c>: the cache figures the original showed, plus this process's memory.</summary>
public sealed record GetProcessMemoryQuery : IQuery<MarketMemoryDto>;

public sealed class GetProcessMemoryQueryHandler(IRuntimeDiagnostics diagnostics) : IQueryHandler<GetProcessMemoryQuery, MarketMemoryDto>
{
    public ValueTask<MarketMemoryDto> Handle(GetProcessMemoryQuery query, CancellationToken cancellationToken)
    {
        var stats = diagnostics.GetCacheStats();
        return ValueTask.FromResult(new MarketMemoryDto
        {
            UsersData = stats.UserHashes.ToDictionary(u => u.Key, u => new CachedUserDto(u.Value), StringComparer.Ordinal),
            CacheStats = stats,
            TotalUsers = stats.TotalUsers,
            TotalSources = stats.TotalSources,
            Memory = diagnostics.GetProcessMemory(),
        });
    }
}
