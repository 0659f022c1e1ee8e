namespace Market.Application.Common.Interfaces;

/// <summary>
/// Hot, rebuildable state shared by replicas: small values, per-user hashes, short locks and a
/// pub/sub bus. Redis in production, in-process in embedded mode. Keys are given without the
/// <c>market:</c> prefix (see <see cref="HotStateKeys"/>); the adapter adds it.
/// </summary>
public interface IHotStateStore
{
    ValueTask<string?> GetAsync(string key, CancellationToken cancellationToken = default);

    ValueTask SetAsync(string key, string value, TimeSpan? ttl = null, CancellationToken cancellationToken = default);

    /// <summary>Sets the value only when the key is absent; true when this call set it.</summary>
    ValueTask<bool> SetIfAbsentAsync(string key, string value, TimeSpan ttl, CancellationToken cancellationToken = default);

    ValueTask DeleteAsync(string key, CancellationToken cancellationToken = default);

    ValueTask HashSetAsync(string key, string field, string value, CancellationToken cancellationToken = default);

    ValueTask<IReadOnlyDictionary<string, string>> HashGetAllAsync(string key, CancellationToken cancellationToken = default);

    ValueTask HashDeleteAsync(string key, string field, CancellationToken cancellationToken = default);

    /// <summary>Takes a lock for <paramref name="ttl"/> unless another owner holds it.</summary>
    ValueTask<bool> TryAcquireLockAsync(string key, string owner, TimeSpan ttl, CancellationToken cancellationToken = default);

    /// <summary>Releases the lock only if <paramref name="owner"/> still holds it.</summary>
    ValueTask ReleaseLockAsync(string key, string owner, CancellationToken cancellationToken = default);

    ValueTask PublishAsync(string channel, string message, CancellationToken cancellationToken = default);

    /// <summary>Receives every message published on the channel by any replica (this one included).</summary>
    ValueTask<IAsyncDisposable> SubscribeAsync(string channel, Func<string, Task> handler, CancellationToken cancellationToken = default);

    /// <summary>True when the store answers; used by the readiness check.</summary>
    ValueTask<bool> PingAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Calls <paramref name="handler"/> each time the store is reachable again after losing its connection:
    /// whatever was published meanwhile never arrived, so whatever was cached on the side of it must be
    /// revalidated. The in-process store never loses its connection. Dispose to stop.
    /// </summary>
    IDisposable OnReconnected(Func<Task> handler);
}

/// <summary>Every hot-state key and channel in one place (all are prefixed <c>market:</c> by the adapter).</summary>
public static class HotStateKeys
{
    /// <summary>Pub/sub channel that fans market events out to every replica.</summary>
    public const string EventsChannel = "events";

    /// <summary>Hash of a user's app states: field = app name, value = state JSON.</summary>
    public static string UserAppStates(string user) => $"user:{user}:states";

    /// <summary>Hash of the latest app-service announcement (NATS) per app of a user: field = app name.</summary>
    public static string UserAppAnnouncements(string user) => $"user:{user}:announced";
    /// <summary>
    /// Pub/sub channel on which a replica that was cut off from Redis tells the others to drop their
    /// in-process catalog caches (events it published while cut off reached only its own clients).
    /// </summary>
    public const string CacheResyncChannel = "cache:resync";

    /// <summary>A user's market hash.</summary>
    public static string UserHash(string user) => $"user:{user}:hash";

    /// <summary>Pre-serialized catalog segment of one source (for one owner when local).</summary>
    public static string CatalogSegment(string source, string owner) => $"catalog:{source}:{owner}";

    /// <summary>Generation of the shared catalog caches; replaced on every broadcast event so older cached segments stop matching.</summary>
    public const string CatalogGeneration = "catalog:gen";

    /// <summary>Generation of one user's cached view; replaced on every event for that user.</summary>
    public static string UserGeneration(string user) => $"user:{user}:gen";

    /// <summary>Health of a remote source's sync (last sync, success, error, app count) for the runtime views.</summary>
    public static string SourceSyncStatus(string source) => $"source:{source}:sync";

    /// <summary>Leadership lock for syncing one remote source.</summary>
    public static string SyncLock(string source) => $"lock:sync:{source}";

    /// <summary>Lock held by the replica that runs the history retention round.</summary>
    public const string HistoryRetentionLock = "lock:history-retention";

    /// <summary>Held by the replica that imports the demo charts at start.</summary>
    public const string DemoImportLock = "lock:demo-import";

    /// <summary>Idempotency key of a user's write request.</summary>
    public static string Idempotency(string user, string key) => $"idem:{user}:{key}";
}
