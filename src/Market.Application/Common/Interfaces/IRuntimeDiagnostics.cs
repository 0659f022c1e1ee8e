using Market.Application.Runtime.Models;

namespace Market.Application.Common.Interfaces;

/// <summary>What this process can tell about itself for the admin diagnostic routes (cache contents, memory, hot state size).</summary>
public interface IRuntimeDiagnostics
{
    /// <summary>This replica's catalog cache: how many sources, users and segments it holds.</summary>
    MarketCacheStatsDto GetCacheStats();

    /// <summary>This process's memory and GC figures.</summary>
    ProcessMemoryDto GetProcessMemory();

    /// <summary>The hot state's provider and, when cheap to count, its number of keys.</summary>
    ValueTask<HotStateDiagnosticDto> GetHotStateAsync(CancellationToken cancellationToken);
}
