using System.Text.Json.Serialization;

namespace Market.Application.Runtime.Models;

/// <summary>What this replica's catalog cache holds (<c>cache_stats</c> of the original, plus our own counts).</summary>
public sealed class MarketCacheStatsDto
{
    [JsonPropertyName("is_running")]
    public bool IsRunning { get; init; }

    /// <summary>Sources in the cached source list (0 when it is not built).</summary>
    [JsonPropertyName("total_sources")]
    public int TotalSources { get; init; }

    /// <summary>Users whose market view is cached.</summary>
    [JsonPropertyName("total_users")]
    public int TotalUsers { get; init; }

    [JsonPropertyName("cached_hashes")]
    public int CachedHashes { get; init; }

    [JsonPropertyName("cached_remote_catalogs")]
    public int CachedRemoteCatalogs { get; init; }

    [JsonPropertyName("cached_partitions")]
    public int CachedPartitions { get; init; }

    /// <summary>User → hash of their cached view.</summary>
    [JsonIgnore]
    public IReadOnlyDictionary<string, string> UserHashes { get; init; } = new Dictionary<string, string>();
}

/// <summary><c>GET /diagnostic</c>: the cache as the original reports it, with users reduced to their hash and sources.</summary>
public sealed class DiagnosticDto
{
    [JsonPropertyName("cache_stats")]
    public MarketCacheStatsDto CacheStats { get; init; } = new();

    [JsonPropertyName("users_data")]
    public IReadOnlyDictionary<string, CachedUserDto> UsersData { get; init; } = new Dictionary<string, CachedUserDto>();

    [JsonPropertyName("total_users")]
    public int TotalUsers { get; init; }

    [JsonPropertyName("total_sources")]
    public int TotalSources { get; init; }

    [JsonPropertyName("is_running")]
    public bool IsRunning { get; init; }

    [JsonPropertyName("hot_state")]
    public HotStateDiagnosticDto HotState { get; init; } = new();

    [JsonPropertyName("nats")]
    public NatsDiagnosticDto Nats { get; init; } = new();
}

public sealed record CachedUserDto([property: JsonPropertyName("hash")] string Hash);

/// <summary>This replica's NATS connection and its counters (publishes dropped because the buffer was full show an outage that outlasted it).</summary>
public sealed class NatsDiagnosticDto
{
    [JsonPropertyName("enabled")]
    public bool Enabled { get; init; }

    [JsonPropertyName("connected")]
    public bool Connected { get; init; }

    [JsonPropertyName("published")]
    public long Published { get; init; }

    [JsonPropertyName("publish_dropped")]
    public long PublishDropped { get; init; }

    /// <summary>Publishes waiting for the connection.</summary>
    [JsonPropertyName("publish_buffered")]
    public int PublishBuffered { get; init; }

    [JsonPropertyName("received")]
    public long Received { get; init; }

    /// <summary>Messages dropped on the way in (unreadable, or the subscription's queue was full).</summary>
    [JsonPropertyName("receive_dropped")]
    public long ReceiveDropped { get; init; }

    [JsonPropertyName("reconnects")]
    public long Reconnects { get; init; }
}

public sealed class HotStateDiagnosticDto
{
    [JsonPropertyName("provider")]
    public string Provider { get; init; } = string.Empty;

    [JsonPropertyName("healthy")]
    public bool Healthy { get; init; }

    /// <summary>Number of keys when cheap to know (in-process store), else null.</summary>
    [JsonPropertyName("keys")]
    public long? Keys { get; init; }
}

/// <summary>Process memory figures for <c>/market/debug-memory</c>.</summary>
public sealed class ProcessMemoryDto
{
    [JsonPropertyName("working_set_bytes")]
    public long WorkingSetBytes { get; init; }

    [JsonPropertyName("private_memory_bytes")]
    public long PrivateMemoryBytes { get; init; }

    [JsonPropertyName("gc_heap_bytes")]
    public long GcHeapBytes { get; init; }

    [JsonPropertyName("gc_committed_bytes")]
    public long GcCommittedBytes { get; init; }

    [JsonPropertyName("gc_total_allocated_bytes")]
    public long GcTotalAllocatedBytes { get; init; }

    [JsonPropertyName("gc_fragmented_bytes")]
    public long GcFragmentedBytes { get; init; }

    [JsonPropertyName("gen0_collections")]
    public int Gen0Collections { get; init; }

    [JsonPropertyName("gen1_collections")]
    public int Gen1Collections { get; init; }

    [JsonPropertyName("gen2_collections")]
    public int Gen2Collections { get; init; }

    [JsonPropertyName("thread_count")]
    public int ThreadCount { get; init; }

    [JsonPropertyName("uptime_seconds")]
    public long UptimeSeconds { get; init; }
}

/// <summary><c>GET /market/debug-memory</c>: the original's cache figures and this process's memory.</summary>
public sealed class MarketMemoryDto
{
    [JsonPropertyName("users_data")]
    public IReadOnlyDictionary<string, CachedUserDto> UsersData { get; init; } = new Dictionary<string, CachedUserDto>();

    [JsonPropertyName("cache_stats")]
    public MarketCacheStatsDto CacheStats { get; init; } = new();

    [JsonPropertyName("total_users")]
    public int TotalUsers { get; init; }

    [JsonPropertyName("total_sources")]
    public int TotalSources { get; init; }

    [JsonPropertyName("memory")]
    public ProcessMemoryDto Memory { get; init; } = new();
}

public sealed record CleanupResultDto([property: JsonPropertyName("cleaned_count")] int CleanedCount);
