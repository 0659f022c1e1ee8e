using System.Globalization;
using System.Text.Json.Nodes;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Market.Application.SystemStatus;
using Microsoft.Extensions.Options;
using Market.Application.Common.Platform;

namespace Market.Infrastructure.SystemStatus;

/// <summary>
/// System status of this host (embedded mode): real CPU, memory and disk figures, its architecture as
/// the only node architecture, and <c>Market:System:Version</c> as the Olares version. CPU is the
/// busy share between two readings of <c>/proc/stat</c>; memory from <c>/proc/meminfo</c>; disk of the
/// volume holding the package store.
/// </summary>
internal sealed class HostSystemStatusProvider(IOptions<SystemOptions> system, IOptions<PackagesOptions> packages, TimeProvider clock)
    : ISystemStatusProvider, IDisposable
{
    private static readonly TimeSpan SampleWindow = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan ReuseFor = TimeSpan.FromSeconds(2);

    private readonly SemaphoreSlim _cpuGate = new(1, 1);
    private (long Idle, long Total)? _lastTicks;
    private (double Used, DateTimeOffset At)? _lastCpu;

    public async Task<SystemStatusParts> GetStatusAsync(string user, CancellationToken cancellationToken)
    {
        var cores = (double)Environment.ProcessorCount;
        var cpuUsed = await CpuUsedCoresAsync(cores, cancellationToken);
        var (memoryTotal, memoryUsed) = Memory();
        var (diskTotal, diskUsed) = Disk();

        JsonObject Cpu() => Metric(cores, cpuUsed, "core");
        JsonObject Mem() => Metric(memoryTotal, memoryUsed, "byte");
        JsonObject Dsk() => Metric(diskTotal, diskUsed, "byte");
        JsonObject Gpu() => Metric(0, 0, string.Empty);

        return new SystemStatusParts(
            new JsonObject { ["username"] = user },
            new JsonObject { ["cpu"] = Cpu(), ["memory"] = Mem(), ["disk"] = Dsk(), ["gpu"] = Gpu() },
            new JsonObject
            {
                ["metrics"] = new JsonObject { ["cpu"] = Cpu(), ["memory"] = Mem(), ["disk"] = Dsk(), ["gpu"] = Gpu() },
                ["nodes"] = new JsonArray(HostArchitecture.Current),
                ["apps"] = new JsonArray(),
            },
            new JsonObject { ["version"] = system.Value.Version });
    }

    public void Dispose() => _cpuGate.Dispose();

    public Task<string> GetOlaresVersionAsync(CancellationToken cancellationToken) => Task.FromResult(system.Value.Version);

    private static JsonObject Metric(double total, double usage, string unit) => new()
    {
        ["total"] = Math.Round(total, 2),
        ["usage"] = Math.Round(usage, 2),
        ["ratio"] = total > 0 ? Math.Round(usage / total * 100, 2) : 0,
        ["unit"] = unit,
    };

    private async Task<double> CpuUsedCoresAsync(double cores, CancellationToken ct)
    {
        await _cpuGate.WaitAsync(ct);
        try
        {
            var now = clock.GetUtcNow();
            if (_lastCpu is { } recent && now - recent.At < ReuseFor)
            {
                return recent.Used;
            }

            var before = _lastTicks ?? ReadTicks();
            if (_lastTicks is null)
            {
                await Task.Delay(SampleWindow, clock, ct);
            }

            var after = ReadTicks();
            _lastTicks = after;
            double used = 0;
            if (before is { } b && after is { } a && a.Total > b.Total)
            {
                used = cores * (1 - (double)(a.Idle - b.Idle) / (a.Total - b.Total));
            }

            used = Math.Clamp(used, 0, cores);
            _lastCpu = (used, now);
            return used;
        }
        finally
        {
            _cpuGate.Release();
        }
    }

    /// <summary>Aggregate idle and total jiffies from the first line of /proc/stat; null off Linux.</summary>
    private static (long Idle, long Total)? ReadTicks()
    {
        try
        {
            using var reader = new StreamReader("/proc/stat");
            var fields = reader.ReadLine()?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields is null || fields.Length < 5 || fields[0] != "cpu")
            {
                return null;
            }

            var values = fields.Skip(1).Take(8).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            var idle = values[3] + (values.Length > 4 ? values[4] : 0);
            return (idle, values.Sum());
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    private static (double Total, double Used) Memory()
    {
        try
        {
            long total = 0, available = 0;
            foreach (var line in File.ReadLines("/proc/meminfo"))
            {
                if (line.StartsWith("MemTotal:", StringComparison.Ordinal))
                {
                    total = KiB(line);
                }
                else if (line.StartsWith("MemAvailable:", StringComparison.Ordinal))
                {
                    available = KiB(line);
                }
            }

            if (total > 0)
            {
                return (total, total - available);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            // Not Linux: the runtime's view below.
        }

        var info = GC.GetGCMemoryInfo();
        return (info.TotalAvailableMemoryBytes, info.MemoryLoadBytes);
    }

    private static long KiB(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;

    private (double Total, double Used) Disk()
    {
        try
        {
            var folder = Path.GetFullPath(packages.Value.Path);
            while (!Directory.Exists(folder) && Path.GetDirectoryName(folder) is { } parent)
            {
                folder = parent;
            }

            var drive = new DriveInfo(folder);
            return (drive.TotalSize, drive.TotalSize - drive.AvailableFreeSpace);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return (0, 0);
        }
    }
}
