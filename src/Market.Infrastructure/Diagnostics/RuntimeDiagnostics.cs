using System.Diagnostics;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Market.Application.Runtime.Models;
using Market.Infrastructure.Catalog;
using Market.Infrastructure.HotState;
using Microsoft.Extensions.Options;

namespace Market.Infrastructure.Diagnostics;

/// <summary>This process's view of itself: the catalog cache, memory and the hot state's size.</summary>
internal sealed class RuntimeDiagnostics(MarketViewCache cache, IHotStateStore hotState, IOptions<HotStateOptions> hotStateOptions, TimeProvider clock)
    : IRuntimeDiagnostics
{
    public MarketCacheStatsDto GetCacheStats() => cache.GetStats();

    public ProcessMemoryDto GetProcessMemory()
    {
        using var process = Process.GetCurrentProcess();
        var gc = GC.GetGCMemoryInfo();
        return new ProcessMemoryDto
        {
            WorkingSetBytes = process.WorkingSet64,
            PrivateMemoryBytes = process.PrivateMemorySize64,
            GcHeapBytes = GC.GetTotalMemory(forceFullCollection: false),
            GcCommittedBytes = gc.TotalCommittedBytes,
            GcTotalAllocatedBytes = GC.GetTotalAllocatedBytes(precise: false),
            GcFragmentedBytes = gc.FragmentedBytes,
            Gen0Collections = GC.CollectionCount(0),
            Gen1Collections = GC.CollectionCount(1),
            Gen2Collections = GC.CollectionCount(2),
            ThreadCount = process.Threads.Count,
            UptimeSeconds = (long)(clock.GetUtcNow() - new DateTimeOffset(process.StartTime.ToUniversalTime(), TimeSpan.Zero)).TotalSeconds,
        };
    }

    public async ValueTask<HotStateDiagnosticDto> GetHotStateAsync(CancellationToken cancellationToken)
    {
        bool healthy;
        try
        {
            healthy = await hotState.PingAsync(cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            healthy = false;
        }

        return new HotStateDiagnosticDto
        {
            Provider = hotStateOptions.Value.Provider,

            // Counting Redis keys means scanning the shared server: only the in-process store is counted.
            Keys = hotState is InMemoryHotStateStore memory ? memory.KeyCount : null,
            Healthy = healthy,
        };
    }
}
