using System.ComponentModel.DataAnnotations;

namespace Market.Application.Common.Options;

/// <summary><c>Market:Storage</c>: which relational store, and whether migrations run at start.</summary>
public sealed class StorageOptions
{
    public const string Section = "Market:Storage";

    [RegularExpression("^(Sqlite|Postgres)$", ErrorMessage = "Market:Storage:Provider must be 'Sqlite' or 'Postgres'")]
    public string Provider { get; set; } = "Sqlite";

    [Required(ErrorMessage = "Market:Storage:SqlitePath is required")]
    public string SqlitePath { get; set; } = "data/market.db";

    public bool MigrateOnStart { get; set; } = true;

    public StorageProvider Kind => ProviderName.Parse<StorageProvider>(Provider);

    public bool IsPostgres => Kind == StorageProvider.Postgres;
}

/// <summary><c>Market:HotState</c>: in-process or Redis.</summary>
public sealed class HotStateOptions
{
    public const string Section = "Market:HotState";

    [RegularExpression("^(Memory|Redis)$", ErrorMessage = "Market:HotState:Provider must be 'Memory' or 'Redis'")]
    public string Provider { get; set; } = "Memory";

    /// <summary>Prefix of every key and channel; tests use their own to share one Redis.</summary>
    [Required(ErrorMessage = "Market:HotState:KeyPrefix is required")]
    public string KeyPrefix { get; set; } = "market:";

    public HotStateProvider Kind => ProviderName.Parse<HotStateProvider>(Provider);

    public bool IsRedis => Kind == HotStateProvider.Redis;
}

/// <summary><c>Market:Runtime</c>: where apps really run.</summary>
public sealed class RuntimeOptions
{
    public const string Section = "Market:Runtime";

    [RegularExpression("^(Simulated|Olares)$", ErrorMessage = "Market:Runtime:Provider must be 'Simulated' or 'Olares'")]
    public string Provider { get; set; } = "Simulated";

    public SimulatedRuntimeOptions Simulated { get; set; } = new();

    public OlaresRuntimeOptions Olares { get; set; } = new();

    public RuntimeProvider Kind => ProviderName.Parse<RuntimeProvider>(Provider);
}

public sealed class SimulatedRuntimeOptions
{
    [Range(0, 600_000, ErrorMessage = "Market:Runtime:Simulated:StepDelayMs must be between 0 and 600000")]
    public int StepDelayMs { get; set; } = 800;
}

public sealed class OlaresRuntimeOptions
{
    public string? AppServiceUrl { get; set; }

    /// <summary>The chart repository app-service installs from (<c>repoUrl</c> of install, clone and upgrade bodies).</summary>
    public string RepoUrl { get; set; } = string.Empty;

    /// <summary>Base URL of a user's system-server (intents such as "open app"); <c>{user}</c> is replaced.</summary>
    public string SystemServerUrl { get; set; } = "http://system-server.user-system-{user}";

    /// <summary>Milliseconds between state polls of an operation in flight.</summary>
    [Range(50, 300_000, ErrorMessage = "Market:Runtime:Olares:PollIntervalMs must be between 50 and 300000")]
    public int PollIntervalMs { get; set; } = 2000;
}

/// <summary><c>Market:Sources</c>: the built-in remote and how remotes are synced.</summary>
public sealed class SourcesOptions
{
    public const string Section = "Market:Sources";

    [Required(ErrorMessage = "Market:Sources:OfficialBaseUrl is required")]
    [Url(ErrorMessage = "Market:Sources:OfficialBaseUrl must be an http or https URL")]
    public string OfficialBaseUrl { get; set; } = "https://appstore-server-prod.bttcdn.com";

    [Range(5, 86_400, ErrorMessage = "Market:Sources:SyncIntervalSeconds must be between 5 and 86400")]
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

    /// <summary>
    /// Detail batches of one source fetched at once during a sync. A few in flight hide the remote's latency
    /// (a 2,000-app catalog is 200 batches); more than that only loads a server that is not ours. 8: once the rows are
    /// written in bulk (ADR 0024) the wait on the remote is the sync's largest part, and 8 took a 2,000-app sync from
    /// ~1.05 s to ~0.8 s at 5 ms per batch (bench/README.md, fifth round).
    /// </summary>
    [Range(1, 16, ErrorMessage = "Market:Sources:DetailConcurrency must be between 1 and 16")]
    public int DetailConcurrency { get; set; } = 8;
}

/// <summary><c>Market:Packages</c>: the package store.</summary>
public sealed class PackagesOptions
{
    public const string Section = "Market:Packages";

    [Required(ErrorMessage = "Market:Packages:Path is required")]
    public string Path { get; set; } = "data/packages";

    [Range(1024, 2L * 1024 * 1024 * 1024, ErrorMessage = "Market:Packages:MaxUploadBytes must be between 1024 and 2147483648")]
    public long MaxUploadBytes { get; set; } = 104_857_600;

    /// <summary>Bound on the unpacked size of an archive (a decompression bomb stops here).</summary>
    [Range(1024, 16L * 1024 * 1024 * 1024, ErrorMessage = "Market:Packages:MaxUnpackedBytes must be between 1024 and 17179869184")]
    public long MaxUnpackedBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>Bound on one file inside an archive.</summary>
    [Range(1024, 16L * 1024 * 1024 * 1024, ErrorMessage = "Market:Packages:MaxEntryBytes must be between 1024 and 17179869184")]
    public long MaxEntryBytes { get; set; } = 128L * 1024 * 1024;

    /// <summary>Bound on the number of entries (files, folders) in an archive.</summary>
    [Range(1, 1_000_000, ErrorMessage = "Market:Packages:MaxArchiveEntries must be between 1 and 1000000")]
    public int MaxArchiveEntries { get; set; } = 10_000;
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

/// <summary><c>Market:System</c>: the cluster this Market serves.</summary>
public sealed class SystemOptions
{
    public const string Section = "Market:System";

    /// <summary>The variable the Olares deployment sets to the cluster's version; it wins over <see cref="Version"/>.</summary>
    public const string OlaresVersionVariable = "OLARES_VERSION";

    /// <summary>The current Olares release, the embedded default.</summary>
    public const string CurrentRelease = "1.12.7";

    /// <summary>
    /// The cluster's Olares version (<c>OLARES_VERSION</c>, else this key): what system-status reports, what
    /// remote sources are asked for and what catalogs and installs are scoped to (olares-current §1).
    /// </summary>
    [Required(ErrorMessage = "Market:System:Version is required")]
    [RegularExpression(@"^\d+\.\d+\.\d+.*$", ErrorMessage = "Market:System:Version must be a semantic version")]
    public string Version { get; set; } = CurrentRelease;

    [Required(ErrorMessage = "Market:System:UserZone is required")]
    public string UserZone { get; set; } = "{user}.olares.local";
}

/// <summary><c>Market:Tasks</c>: the task engine.</summary>
public sealed class TasksOptions
{
    public const string Section = "Market:Tasks";

    /// <summary>Tasks being submitted to the runtime at once per host (following accepted operations is cheap and not counted).</summary>
    [Range(1, 64, ErrorMessage = "Market:Tasks:Concurrency must be between 1 and 64")]
    public int Concurrency { get; set; } = 4;

    /// <summary>How long a claimed task stays with its host without a heartbeat before another host may take it over.</summary>
    [Range(2, 3600, ErrorMessage = "Market:Tasks:LeaseSeconds must be between 2 and 3600")]
    public int LeaseSeconds { get; set; } = 20;

    /// <summary>How long a <c>sync: true</c> request waits for the runtime to accept or refuse before answering 202.</summary>
    [Range(1, 1800, ErrorMessage = "Market:Tasks:SyncWaitSeconds must be between 1 and 1800")]
    public int SyncWaitSeconds { get; set; } = 30;

    /// <summary>Submissions tried before a task whose runtime stays unreachable fails.</summary>
    [Range(1, 100, ErrorMessage = "Market:Tasks:MaxSubmitAttempts must be between 1 and 100")]
    public int MaxSubmitAttempts { get; set; } = 8;

    /// <summary>An operation that stays in one state longer than this ends as failed with cause <c>timeout</c>.</summary>
    [Range(1, 604800, ErrorMessage = "Market:Tasks:StuckAfterSeconds must be between 1 and 604800")]
    public int StuckAfterSeconds { get; set; } = 1800;
}

/// <summary><c>Market:Updates</c>: the update centre and "update all".</summary>
public sealed class UpdatesOptions
{
    public const string Section = "Market:Updates";

    /// <summary>Upgrades an "update all" starts at once (each still one per app; the engine bounds submissions further).</summary>
    [Range(1, 32, ErrorMessage = "Market:Updates:ApplyConcurrency must be between 1 and 32")]
    public int ApplyConcurrency { get; set; } = 2;
}

/// <summary><c>Market:Upgrades</c>: what makes an upgrade count as done.</summary>
public sealed class UpgradesOptions
{
    public const string Section = "Market:Upgrades";

    /// <summary>After the runtime reports an upgrade done, how long the app has to be running with healthy entrances before Market rolls it back.</summary>
    [Range(1, 86_400, ErrorMessage = "Market:Upgrades:HealthTimeoutSeconds must be between 1 and 86400")]
    public int HealthTimeoutSeconds { get; set; } = 300;
}

/// <summary><c>Market:History</c>: how often old audit records are purged.</summary>
public sealed class HistoryOptions
{
    public const string Section = "Market:History";

    /// <summary>Records older than this many months are deleted by the retention job.</summary>
    [Range(1, 120, ErrorMessage = "Market:History:RetentionMonths must be between 1 and 120")]
    public int RetentionMonths { get; set; } = 1;

    [Range(1, 8760, ErrorMessage = "Market:History:CleanupIntervalHours must be between 1 and 8760")]
    public int CleanupIntervalHours { get; set; } = 24;
}

/// <summary><c>Market:RateLimit</c>: per-user limit on write requests (POST, PUT, PATCH, DELETE).</summary>
public sealed class RateLimitOptions
{
    public const string Section = "Market:RateLimit";

    /// <summary>Write requests one user may make per minute; 0 turns the limit off.</summary>
    [Range(0, 1_000_000, ErrorMessage = "Market:RateLimit:WritesPerMinute must be between 0 and 1000000")]
    public int WritesPerMinute { get; set; } = 300;
}

/// <summary><c>Market:Realtime</c>: the <c>/ws</c> and SSE push endpoints.</summary>
public sealed class RealtimeOptions
{
    public const string Section = "Market:Realtime";

    /// <summary>Seconds between SSE heartbeat comments (keeps proxies from closing an idle stream).</summary>
    [Range(1, 3600, ErrorMessage = "Market:Realtime:HeartbeatSeconds must be between 1 and 3600")]
    public int HeartbeatSeconds { get; set; } = 15;

    /// <summary>Events buffered per connection; the oldest are dropped when a slow client falls behind.</summary>
    [Range(1, 100_000, ErrorMessage = "Market:Realtime:QueueCapacity must be between 1 and 100000")]
    public int QueueCapacity { get; set; } = 256;
}

/// <summary><c>Market:Notifications</c>: webhook delivery.</summary>
public sealed class NotificationsOptions
{
    public const string Section = "Market:Notifications";

    /// <summary>Allows webhook URLs on loopback/private addresses (tests, labs). Off by default against SSRF.</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Delay before the first retry; doubled on each further retry (capped by <see cref="MaxDelaySeconds"/>).</summary>
    [Range(0.01, 3600, ErrorMessage = "Market:Notifications:RetryBaseSeconds must be between 0.01 and 3600")]
    public double RetryBaseSeconds { get; set; } = 30;

    [Range(1, 86_400, ErrorMessage = "Market:Notifications:MaxDelaySeconds must be between 1 and 86400")]
    public int MaxDelaySeconds { get; set; } = 3600;

    [Range(1, 50, ErrorMessage = "Market:Notifications:MaxAttempts must be between 1 and 50")]
    public int MaxAttempts { get; set; } = 12;

    [Range(1, 120, ErrorMessage = "Market:Notifications:RequestTimeoutSeconds must be between 1 and 120")]
    public int RequestTimeoutSeconds { get; set; } = 10;

    /// <summary>How often subscribers' installed apps are compared with their sources for <c>update_available</c> (each version is announced once).</summary>
    [Range(1, 86_400, ErrorMessage = "Market:Notifications:UpdateScanSeconds must be between 1 and 86400")]
    public int UpdateScanSeconds { get; set; } = 60;

    /// <summary>A purchase not confirmed and unchanged this long is announced as <c>payment_stuck</c> (once per purchase).</summary>
    [Range(1, 2_592_000, ErrorMessage = "Market:Notifications:PaymentStuckAfterSeconds must be between 1 and 2592000")]
    public int PaymentStuckAfterSeconds { get; set; } = 3600;
}
