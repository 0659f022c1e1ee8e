using System.ComponentModel.DataAnnotations;

namespace Market.Application.Common.Options;

/// <summary><c>Market:Storage</c>: which relational store, and whether migrations run at start.</summary>
public sealed class StorageOptions
{
    public const string Section = "Market:Storage";

    [RegularExpression("^(Sqlite|Postgres)$", ErrorMessage = "Market:Storage:Provider must be 'Sqlite' or 'Postgres'")]
    public string Provider { get; set; } = "Sqlite";

    [Required]
    public string SqlitePath { get; set; } = "data/market.db";

    public bool MigrateOnStart { get; set; } = true;

    public bool IsPostgres => Provider == "Postgres";
}

/// <summary><c>Market:HotState</c>: in-process or Redis.</summary>
public sealed class HotStateOptions
{
    public const string Section = "Market:HotState";

    [RegularExpression("^(Memory|Redis)$", ErrorMessage = "Market:HotState:Provider must be 'Memory' or 'Redis'")]
    public string Provider { get; set; } = "Memory";

    /// <summary>Prefix of every key and channel; tests use their own to share one Redis.</summary>
    [Required]
    public string KeyPrefix { get; set; } = "market:";

    public bool IsRedis => Provider == "Redis";
}

/// <summary><c>Market:Runtime</c>: where apps really run.</summary>
public sealed class RuntimeOptions
{
    public const string Section = "Market:Runtime";

    [RegularExpression("^(Simulated|Olares)$", ErrorMessage = "Market:Runtime:Provider must be 'Simulated' or 'Olares'")]
    public string Provider { get; set; } = "Simulated";

    public SimulatedRuntimeOptions Simulated { get; set; } = new();

    public OlaresRuntimeOptions Olares { get; set; } = new();
}

public sealed class SimulatedRuntimeOptions
{
    [Range(0, 600_000)]
    public int StepDelayMs { get; set; } = 800;
}

public sealed class OlaresRuntimeOptions
{
    public string? AppServiceUrl { get; set; }
}

/// <summary><c>Market:Sources</c>: the built-in remote and how remotes are synced.</summary>
public sealed class SourcesOptions
{
    public const string Section = "Market:Sources";

    [Required]
    [Url]
    public string OfficialBaseUrl { get; set; } = "https://appstore-server-prod.bttcdn.com";

    [Range(5, 86_400)]
    public int SyncIntervalSeconds { get; set; } = 300;

    /// <summary>Allows remote sources on loopback/private addresses (tests, labs). Off by default against SSRF.</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Timeout of one request to a remote source (each retry gets its own).</summary>
    [Range(1, 600)]
    public int RequestTimeoutSeconds { get; set; } = 30;

    /// <summary>Retries of a failed request to a remote source (transport errors, timeouts, 5xx, 429).</summary>
    [Range(0, 10)]
    public int RetryCount { get; set; } = 2;

    /// <summary>First retry delay; doubled on each further retry.</summary>
    [Range(0, 60_000)]
    public int RetryDelayMs { get; set; } = 2000;
}

/// <summary><c>Market:Packages</c>: the package store.</summary>
public sealed class PackagesOptions
{
    public const string Section = "Market:Packages";

    [Required]
    public string Path { get; set; } = "data/packages";

    [Range(1024, 2L * 1024 * 1024 * 1024)]
    public long MaxUploadBytes { get; set; } = 104_857_600;
}

/// <summary><c>Market:Auth</c>: roles where no user directory says otherwise.</summary>
public sealed class AuthOptions
{
    public const string Section = "Market:Auth";

    public List<string> AdminUsers { get; set; } = [];
}

/// <summary><c>Market:Demo</c>: the bundled sample catalog.</summary>
public sealed class DemoOptions
{
    public const string Section = "Market:Demo";

    public bool Enabled { get; set; } = true;

    /// <summary>Folder of the sample charts; found next to the binary or in the repository when empty.</summary>
    public string? ChartsPath { get; set; }
}

/// <summary><c>Market:System</c>: what embedded mode reports about the host.</summary>
public sealed class SystemOptions
{
    public const string Section = "Market:System";

    [Required]
    [RegularExpression(@"^\d+\.\d+\.\d+.*$", ErrorMessage = "Market:System:Version must be a semantic version")]
    public string Version { get; set; } = "1.12.3";

    [Required]
    public string UserZone { get; set; } = "{user}.olares.local";
}

/// <summary><c>Market:Tasks</c>: the task engine.</summary>
public sealed class TasksOptions
{
    public const string Section = "Market:Tasks";

    [Range(1, 64)]
    public int Concurrency { get; set; } = 4;
}
