using System.Text;
using Market.Application.Common.Catalog;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Market.Infrastructure.HotState;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Market.Infrastructure.Catalog;

/// <summary>
/// The second cache level in Redis (when hot state is Redis): remote segments and every user's hash,
/// each stamped with a generation. Replacing a generation makes every copy stamped with the old one
/// stop matching, which is how all replicas forget at once. Redis failures never reach the reader: a
/// value that cannot be read is absent, a generation that cannot be read is null (then nothing shared
/// is used), and the failure is logged at most once per interval.
/// </summary>
internal sealed partial class SharedCatalogStore(
    IHotStateStore hotState, IOptions<HotStateOptions> options, TimeProvider clock, ILogger<SharedCatalogStore> logger)
{
    private static readonly TimeSpan SharedTtl = TimeSpan.FromMinutes(30);
    private static readonly TimeSpan GenerationTtl = TimeSpan.FromDays(7);
    private static readonly TimeSpan FailureLogInterval = TimeSpan.FromSeconds(10);

    private long _lastFailureLog;

    /// <summary>False in embedded mode (in-memory hot state): there is nobody to share with.</summary>
    public bool IsShared { get; } = options.Value.IsRedis;

    /// <summary>A new generation for everybody (<paramref name="user"/> <c>""</c>) or for one user.</summary>
    public async Task RenewGenerationAsync(string user)
    {
        try
        {
            await hotState.SetAsync(user.Length == 0 ? HotStateKeys.CatalogGeneration : HotStateKeys.UserGeneration(user), NewGeneration(), GenerationTtl);
        }
        catch (Exception ex)
        {
            ReportFailure(ex);
        }
    }

    /// <summary>
    /// Redis is back: a new catalog generation first (every shared stamp from before stops matching), then
    /// the other replicas are told on <see cref="HotStateKeys.CacheResyncChannel"/>.
    /// </summary>
    public async Task ResyncAsync()
    {
        try
        {
            await hotState.SetAsync(HotStateKeys.CatalogGeneration, NewGeneration(), GenerationTtl);
            await hotState.PublishAsync(HotStateKeys.CacheResyncChannel, "reconnected");
        }
        catch (Exception ex)
        {
            // Gone again: the next restore repeats all of this.
            ReportFailure(ex);
        }
    }

    /// <summary>The stamp of a user's hash: the catalog's and the user's generations (read before the data they stamp).</summary>
    public async Task<string?> ReadStampAsync(string user)
    {
        var catalog = await ReadGenerationAsync(HotStateKeys.CatalogGeneration);
        var own = await ReadGenerationAsync(HotStateKeys.UserGeneration(user));
        return catalog is null || own is null ? null : $"{catalog}.{own}";
    }

    public Task<string?> ReadCatalogGenerationAsync() => ReadGenerationAsync(HotStateKeys.CatalogGeneration);

    /// <summary>The hash another replica computed under <paramref name="stamp"/>, if any.</summary>
    public async Task<string?> TryGetHashAsync(string user, string stamp)
    {
        var stored = await TryGetAsync(HotStateKeys.UserHash(user));
        return stored is not null && stored.StartsWith(stamp + "|", StringComparison.Ordinal) ? stored[(stamp.Length + 1)..] : null;
    }

    public Task TrySetHashAsync(string user, string stamp, string hash) => TrySetAsync(HotStateKeys.UserHash(user), $"{stamp}|{hash}");

    public async Task<RemoteSegments?> TryGetRemoteAsync(string sourceId, string generation) =>
        ParseRemote(await TryGetAsync(RemoteKey(sourceId)), generation);

    public Task TrySetRemoteAsync(string sourceId, string generation, RemoteSegments segments) =>
        TrySetAsync(RemoteKey(sourceId), FormatRemote(segments, generation));

    private static string RemoteKey(string sourceId) => HotStateKeys.CatalogSegment(sourceId, string.Empty);

    private static string NewGeneration() => Guid.NewGuid().ToString("N");

    /// <summary>In Redis as <c>generation \n infoHash \n othersHash \n info \n others</c> (compact JSON has no raw newlines).</summary>
    private static string FormatRemote(RemoteSegments segments, string generation) =>
        $"{generation}\n{segments.Info.Hash}\n{segments.Others.Hash}\n{Encoding.UTF8.GetString(segments.Info.Utf8)}\n{Encoding.UTF8.GetString(segments.Others.Utf8)}";

    private static RemoteSegments? ParseRemote(string? stored, string generation)
    {
        var parts = stored?.Split('\n');
        if (parts is not { Length: 5 } || parts[0] != generation)
        {
            return null;
        }

        return new RemoteSegments(
            JsonSegment.FromCache(Encoding.UTF8.GetBytes(parts[3]), parts[1]),
            JsonSegment.FromCache(Encoding.UTF8.GetBytes(parts[4]), parts[2]));
    }

    /// <summary>The current generation, created when absent; null when Redis does not answer.</summary>
    private async Task<string?> ReadGenerationAsync(string key)
    {
        try
        {
            var generation = await hotState.GetAsync(key);
            if (generation is not null)
            {
                return generation;
            }

            await hotState.SetIfAbsentAsync(key, NewGeneration(), GenerationTtl);
            return await hotState.GetAsync(key);
        }
        catch (Exception ex)
        {
            ReportFailure(ex);
            return null;
        }
    }

    private async Task<string?> TryGetAsync(string key)
    {
        try
        {
            return await hotState.GetAsync(key);
        }
        catch (Exception ex)
        {
            ReportFailure(ex);
            return null;
        }
    }

    private async Task TrySetAsync(string key, string value)
    {
        try
        {
            await hotState.SetAsync(key, value, SharedTtl);
        }
        catch (Exception ex)
        {
            ReportFailure(ex);
        }
    }

    /// <summary>
    /// While Redis is away every catalog read lands here: one warning per interval, naming only the kind of
    /// failure (a driver message may carry endpoints), says so without flooding the log.
    /// </summary>
    private void ReportFailure(Exception ex)
    {
        var now = clock.GetUtcNow().UtcTicks;
        var last = Interlocked.Read(ref _lastFailureLog);
        if (now - last >= FailureLogInterval.Ticks && Interlocked.CompareExchange(ref _lastFailureLog, now, last) == last)
        {
            LogSharedCacheFailed(logger, ex.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The shared catalog cache is unavailable ({Failure}); serving from the database (repeats are silenced for a while)")]
    private static partial void LogSharedCacheFailed(ILogger logger, string failure);
}
