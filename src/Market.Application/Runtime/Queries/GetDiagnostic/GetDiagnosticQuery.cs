using Market.Application.Common.Interfaces;
using Market.Application.Runtime.Models;
using Mediator;

namespace Market.Application.Runtime.Queries.GetDiagnostic;

/// <summary><c>GET /diagnostic</c>: what the catalog cache holds on this replica, the hot state's health and the NATS counters.</summary>
public sealed record GetDiagnosticQuery : IQuery<DiagnosticDto>;

public sealed class GetDiagnosticQueryHandler(IRuntimeDiagnostics diagnostics, IEventFabricStatus fabric) : IQueryHandler<GetDiagnosticQuery, DiagnosticDto>
{
    public async ValueTask<DiagnosticDto> Handle(GetDiagnosticQuery query, CancellationToken cancellationToken)
    {
        var stats = diagnostics.GetCacheStats();
        return new DiagnosticDto
        {
            CacheStats = stats,
            UsersData = stats.UserHashes.ToDictionary(u => u.Key, u => new CachedUserDto(u.Value), StringComparer.Ordinal),
            TotalUsers = stats.TotalUsers,
            TotalSources = stats.TotalSources,
            IsRunning = stats.IsRunning,
            HotState = await diagnostics.GetHotStateAsync(cancellationToken),
            Nats = fabric.GetStatus(),
        };
    }
}
