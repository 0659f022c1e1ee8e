using System.Text;
using Market.Application.Apps.Models;
using Market.Application.Catalog;
using Market.Application.Catalog.Sync;
using Market.Application.Catalog.Views;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Market.Application.Common.Telemetry;
using Market.Application.Runtime.Models;
using Market.Domain.Settings;
using Market.Domain.Sources;
using Market.Infrastructure.HotState;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Market.Application.Common.Json;

namespace Market.Infrastructure.Catalog;

/// <summary>
/// The catalog read side, cached in two levels.
/// <para>In process: the source list, each source's shared partition (remote catalogs, shared local
/// apps), each user's own local apps, each remote's pre-serialized <c>app_info_latest</c> and
/// <c>others</c>, and each user's view (segments + hash). Served without database work once built.</para>
/// <para>In Redis (when hot state is Redis): the remote segments and every user's hash, stamped with a
/// generation. Every replica replaces the generation when an event arrives (before dropping its own
/// entries), so a stamp written from data older than the event never matches again.</para>
/// <para>Invalidation: an event for everybody drops everything; an event for a user drops that user's
/// view, and their own apps unless it only reports an app state.</para>
/// <para>After a Redis outage events published meanwhile reached only their own replica, so when this
/// replica's connection comes back it replaces the catalog generation (no shared hash or segment from
/// before stays valid), tells the other replicas on <see cref="HotStateKeys.CacheResyncChannel"/> and
/// drops everything it holds; every replica then rebuilds from the database.</para>
/// </summary>
internal sealed partial class MarketViewCache : IMarketViewCache, IHostedService, IDisposable
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan SharedTtl = TimeSpan.FromMinutes(30);
    private static readonly TimeSpan GenerationTtl = TimeSpan.FromDays(7);

    private readonly IServiceScopeFactory _scopes;
    private readonly IMarketEventBus _events;
    private readonly IHotStateStore _hotState;
    private readonly ILogger<MarketViewCache> _logger;
    private readonly TimeProvider _clock;
    private static readonly TimeSpan SharedFailureLogInterval = TimeSpan.FromSeconds(10);
    private long _lastSharedFailureLog;
    private readonly MarketTelemetry _telemetry;
    private readonly bool _shared;

    private readonly AsyncCache<string, IReadOnlyList<SourceRef>> _sources;
    private readonly AsyncCache<string, CatalogPartition> _sharedPartitions;
    private readonly AsyncCache<string, JsonSegment> _sharedLocalInfo;
    private readonly AsyncCache<string, IReadOnlyDictionary<string, CatalogPartition>> _ownPartitions;
    private readonly AsyncCache<string, RemoteSegments> _remotes;
    private readonly AsyncCache<string, UserMarketView> _views;
    private readonly AsyncCache<string, string> _hashes;
    private IDisposable? _subscription;
    private IDisposable? _reconnects;
    private DurableSubscription? _resyncs;
    private CancellationTokenSource? _sweeping;

    public MarketViewCache(
        IServiceScopeFactory scopes,
        IMarketEventBus events,
        IHotStateStore hotState,
        IOptions<HotStateOptions> hotStateOptions,
        TimeProvider clock,
        MarketTelemetry telemetry,
        ILogger<MarketViewCache> logger)
    {
        _telemetry = telemetry;
        _scopes = scopes;
        _events = events;
        _hotState = hotState;
        _logger = logger;
        _shared = hotStateOptions.Value.IsRedis;
        _clock = clock;
        _sources = new(clock, MaxAge);
        _sharedPartitions = new(clock, MaxAge);
        _sharedLocalInfo = new(clock, MaxAge);
        _ownPartitions = new(clock, MaxAge);
        _remotes = new(clock, MaxAge);
        _views = new(clock, MaxAge);
        _hashes = new(clock, MaxAge);
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = _events.Subscribe(OnEventAsync);
        if (_shared)
        {
            _reconnects = _hotState.OnReconnected(ResyncAfterOutageAsync);
            _resyncs = await DurableSubscription.StartAsync(_hotState, HotStateKeys.CacheResyncChannel, OnResyncRequestedAsync, _logger, cancellationToken);
        }

        _sweeping = new CancellationTokenSource();
        _ = SweepAsync(_clock, _sweeping.Token);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        _reconnects?.Dispose();
        if (Interlocked.Exchange(ref _resyncs, null) is { } resyncs)
        {
            await resyncs.DisposeAsync();
        }

        var sweeping = Interlocked.Exchange(ref _sweeping, null);
        if (sweeping is not null)
        {
            await sweeping.CancelAsync();
            sweeping.Dispose();
        }
    }

    /// <summary>The container may dispose before (or instead of) the host stopping: whichever comes first ends the sweep, once.</summary>
    public void Dispose()
    {
        _reconnects?.Dispose();
        var sweeping = Interlocked.Exchange(ref _sweeping, null);
        if (sweeping is not null)
        {
            sweeping.Cancel();
            sweeping.Dispose();
        }
    }

    /// <summary>What this replica holds, for the admin diagnostics (read without building anything).</summary>
    internal MarketCacheStatsDto GetStats()
    {
        var users = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var user in _views.Keys)
        {
            if (_views.TryPeek(user, out var view))
            {
                users[user] = view.Hash;
            }
        }

        return new MarketCacheStatsDto
        {
            IsRunning = _subscription is not null,
            TotalSources = _sources.TryPeek(string.Empty, out var sources) ? sources.Count : 0,
            TotalUsers = users.Count,
            CachedHashes = _hashes.Count,
            CachedRemoteCatalogs = _remotes.Count,
            CachedPartitions = _sharedPartitions.Count + _ownPartitions.Count,
            UserHashes = users,
        };
    }

    /// <summary>Every few minutes, forgets what nobody asked for within <see cref="MaxAge"/>.</summary>
    private async Task SweepAsync(TimeProvider clock, CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(MaxAge / 2, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                _views.RemoveExpired();
                _hashes.RemoveExpired();
                _ownPartitions.RemoveExpired();
                _sharedLocalInfo.RemoveExpired();
                _remotes.RemoveExpired();
                _sharedPartitions.RemoveExpired();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    public ValueTask<string> GetHashAsync(string user, CancellationToken cancellationToken)
    {
        if (_views.TryPeek(user, out var view))
        {
            _telemetry.ViewCacheLookup("hash", hit: true);
            return ValueTask.FromResult(view.Hash);
        }

        if (_hashes.TryPeek(user, out var hash))
        {
            _telemetry.ViewCacheLookup("hash", hit: true);
            return ValueTask.FromResult(hash);
        }

        _telemetry.ViewCacheLookup("hash", hit: false);
        return _shared ? _hashes.GetAsync(user, HashFromSharedOrViewAsync, cancellationToken) : GetViewHashAsync(user, cancellationToken);
    }

    public ValueTask<UserMarketView> GetViewAsync(string user, CancellationToken cancellationToken)
    {
        _telemetry.ViewCacheLookup("view", _views.TryPeek(user, out _));
        return ViewAsync(user, cancellationToken);
    }

    /// <summary>The view, from cache or built; internal reads are not counted as lookups.</summary>
    private ValueTask<UserMarketView> ViewAsync(string user, CancellationToken cancellationToken) =>
        _views.TryPeek(user, out var view) ? ValueTask.FromResult(view) : _views.GetAsync(user, BuildViewAsync, cancellationToken);

    public async ValueTask<CatalogPartition> GetPartitionAsync(string sourceId, string owner, CancellationToken cancellationToken)
    {
        if (owner.Length == 0)
        {
            return await _sharedPartitions.GetAsync(sourceId, LoadSharedPartitionAsync, cancellationToken);
        }

        var own = await _ownPartitions.GetAsync(owner, LoadOwnPartitionsAsync, cancellationToken);
        return own.TryGetValue(sourceId, out var partition) ? partition : CatalogPartition.Create(sourceId, owner, []);
    }

    public ValueTask<IReadOnlyList<SourceRef>> GetSourcesAsync(CancellationToken cancellationToken) =>
        _sources.GetAsync(string.Empty, _ => LoadSourcesAsync(), cancellationToken);

    private async ValueTask<string> GetViewHashAsync(string user, CancellationToken cancellationToken) =>
        (await ViewAsync(user, cancellationToken)).Hash;

    private async ValueTask OnEventAsync(MarketEvent marketEvent)
    {
        var everybody = marketEvent.User.Length == 0;
        if (_shared)
        {
            // First the shared generation, then the local entries: whatever is rebuilt after this point
            // can no longer pick up a shared copy made from data older than the event.
            try
            {
                await _hotState.SetAsync(
                    everybody ? HotStateKeys.CatalogGeneration : HotStateKeys.UserGeneration(marketEvent.User),
                    Guid.NewGuid().ToString("N"),
                    GenerationTtl);
            }
            catch (Exception ex)
            {
                ReportSharedCacheFailure(ex);
            }
        }

        if (everybody)
        {
            DropEverything();
            return;
        }

        if (marketEvent.NotifyType != MarketEvent.AppStateChange)
        {
            _ownPartitions.Remove(marketEvent.User);
        }

        _hashes.Remove(marketEvent.User);
        _views.Remove(marketEvent.User);
    }

    /// <summary>Dependencies before the views built on them, so a view rebuilt in between sees fresh parts.</summary>
    private void DropEverything()
    {
        _sources.Clear();
        _sharedPartitions.Clear();
        _sharedLocalInfo.Clear();
        _remotes.Clear();
        _ownPartitions.Clear();
        _hashes.Clear();
        _views.Clear();
    }

    /// <summary>
    /// Redis is back: a new catalog generation first (every shared stamp from before stops matching), then
    /// the other replicas are told, then this replica forgets. Runs for each restored connection; repeating
    /// it is harmless.
    /// </summary>
    private async Task ResyncAfterOutageAsync()
    {
        LogResync(_logger);
        try
        {
            await _hotState.SetAsync(HotStateKeys.CatalogGeneration, Guid.NewGuid().ToString("N"), GenerationTtl);
            await _hotState.PublishAsync(HotStateKeys.CacheResyncChannel, "reconnected");
        }
        catch (Exception ex)
        {
            // Gone again: the next restore repeats all of this.
            ReportSharedCacheFailure(ex);
        }

        DropEverything();
    }

    private Task OnResyncRequestedAsync(string message)
    {
        DropEverything();
        return Task.CompletedTask;
    }

    private async Task<UserMarketView> BuildViewAsync(string user)
    {
        // Generations are read before the data, so the hash is stored under a stamp no newer than its data.
        var stamp = _shared ? await ReadStampAsync(user) : null;
        var sources = await GetSourcesAsync(CancellationToken.None);
        string? selected;
        List<Market.Domain.Apps.UserApp> apps;
        await using (var scope = _scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IMarketDbContext>();
            selected = await db.UserSettings.AsNoTracking().Where(s => s.UserId == user).Select(s => s.SelectedSource).FirstOrDefaultAsync();
            apps = await db.UserApps.AsNoTracking().Where(a => a.UserId == user).ToListAsync();
        }

        var remotes = sources.Where(s => s.IsRemote).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        selected = UserMarketSettings.VisibleRemote(selected, remotes);

        var partitions = new Dictionary<string, (CatalogPartition Shared, CatalogPartition? Own)>(StringComparer.Ordinal);
        foreach (var sourceId in apps.Select(a => a.SourceId).Distinct(StringComparer.Ordinal))
        {
            var isLocal = sources.Any(s => s.Id == sourceId && !s.IsRemote);
            partitions[sourceId] = (
                await GetPartitionAsync(sourceId, string.Empty, CancellationToken.None),
                isLocal ? await GetPartitionAsync(sourceId, user, CancellationToken.None) : null);
        }

        var states = StateSegments.Build(apps, app => StateSegments.CfgTypeIn(app, partitions[app.SourceId].Shared, partitions[app.SourceId].Own));
        var views = new List<SourceView>();
        foreach (var source in sources)
        {
            var stateSegment = states.GetValueOrDefault(source.Id) ?? JsonSegment.EmptyArray;
            if (!source.IsRemote)
            {
                var own = await GetPartitionAsync(source.Id, user, CancellationToken.None);

                // Users without uploads of their own share one segment of the source's shared apps.
                var info = own.Items.Count == 0
                    ? await _sharedLocalInfo.GetAsync(source.Id, BuildSharedLocalInfoAsync, CancellationToken.None)
                    : CatalogPartition.InfoSegment(CatalogPartition.Visible(await GetPartitionAsync(source.Id, string.Empty, CancellationToken.None), own));
                views.Add(new SourceView(source.Id, source.Type, info, stateSegment, null));
            }
            else if (source.Id == selected)
            {
                var remote = await _remotes.GetAsync(source.Id, BuildRemoteAsync, CancellationToken.None);
                views.Add(new SourceView(source.Id, source.Type, remote.Info, stateSegment, remote.Others));
            }
        }

        var view = new UserMarketView(user, selected, views);
        if (stamp is not null)
        {
            await TrySetSharedAsync(HotStateKeys.UserHash(user), $"{stamp}|{view.Hash}");
        }

        return view;
    }

    private async Task<JsonSegment> BuildSharedLocalInfoAsync(string sourceId) =>
        CatalogPartition.InfoSegment(CatalogPartition.Visible(await GetPartitionAsync(sourceId, string.Empty, CancellationToken.None), null));

    /// <summary>With Redis: the hash another replica computed under the current generations, else a fresh view's.</summary>
    private async Task<string> HashFromSharedOrViewAsync(string user)
    {
        var stamp = await ReadStampAsync(user);
        var stored = stamp is null ? null : await TryGetSharedAsync(HotStateKeys.UserHash(user));
        if (stored is not null && stored.StartsWith(stamp + "|", StringComparison.Ordinal))
        {
            return stored[(stamp!.Length + 1)..];
        }

        return (await ViewAsync(user, CancellationToken.None)).Hash;
    }

    /// <summary>A remote's listed apps and curated content, from Redis when its stamp is current.</summary>
    private async Task<RemoteSegments> BuildRemoteAsync(string sourceId)
    {
        var key = HotStateKeys.CatalogSegment(sourceId, string.Empty);
        var generation = _shared ? await ReadGenerationAsync(HotStateKeys.CatalogGeneration) : null;
        if (generation is not null && RemoteSegments.TryParse(await TryGetSharedAsync(key), generation) is { } cached)
        {
            return cached;
        }

        var partition = await GetPartitionAsync(sourceId, string.Empty, CancellationToken.None);
        var info = CatalogPartition.InfoSegment(CatalogPartition.Visible(partition, null));
        string? othersJson;
        await using (var scope = _scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IMarketDbContext>();
            othersJson = await db.SourceSnapshots.AsNoTracking().Where(s => s.SourceId == sourceId).Select(s => s.OthersJson).FirstOrDefaultAsync();
        }

        var others = JsonSegment.FromUtf8(OthersFromStored(othersJson));
        var segments = new RemoteSegments(info, others);
        if (generation is not null)
        {
            await TrySetSharedAsync(key, segments.Format(generation));
        }

        return segments;
    }

    /// <summary>The stored normalized block, normalized again (idempotent) into the canonical bytes; empty arrays when never synced.</summary>
    private static byte[] OthersFromStored(string? stored)
    {
        if (string.IsNullOrWhiteSpace(stored))
        {
            return OthersNormalizer.Empty();
        }

        try
        {
            var node = System.Text.Json.Nodes.JsonNode.Parse(stored) as System.Text.Json.Nodes.JsonObject;
            return OthersNormalizer.Normalize(node, JsonRead.Str(node, "hash"), JsonRead.Str(node, "version"));
        }
        catch (System.Text.Json.JsonException)
        {
            return OthersNormalizer.Empty();
        }
    }

    private async Task<CatalogPartition> LoadSharedPartitionAsync(string sourceId)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IMarketDbContext>();
        var rows = await db.CatalogApps.AsNoTracking().Where(a => a.SourceId == sourceId && a.Owner == string.Empty).ToListAsync();
        return CatalogPartition.Create(sourceId, string.Empty, rows.Select(CatalogItem.From));
    }

    /// <summary>All of one user's own local apps at once, one partition per source.</summary>
    private async Task<IReadOnlyDictionary<string, CatalogPartition>> LoadOwnPartitionsAsync(string user)
    {
        // By source first: the (source, owner, app) index serves it without touching the big remote rows.
        var local = (await GetSourcesAsync(CancellationToken.None)).Where(s => !s.IsRemote).Select(s => s.Id).ToList();
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IMarketDbContext>();
        var rows = await db.CatalogApps.AsNoTracking().Where(a => local.Contains(a.SourceId) && a.Owner == user).ToListAsync();
        return rows.GroupBy(r => r.SourceId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => CatalogPartition.Create(g.Key, user, g.Select(CatalogItem.From)), StringComparer.Ordinal);
    }

    private async Task<IReadOnlyList<SourceRef>> LoadSourcesAsync()
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IMarketDbContext>();
        var sources = await db.MarketSources.AsNoTracking().Select(s => new { s.Id, s.Type }).ToListAsync();
        return sources.Select(s => new SourceRef(s.Id, s.Type)).OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
    }

    private async Task<string?> ReadStampAsync(string user)
    {
        var catalog = await ReadGenerationAsync(HotStateKeys.CatalogGeneration);
        var own = await ReadGenerationAsync(HotStateKeys.UserGeneration(user));
        return catalog is null || own is null ? null : $"{catalog}.{own}";
    }

    /// <summary>The current generation, created when absent; null when Redis does not answer (then nothing shared is used).</summary>
    private async Task<string?> ReadGenerationAsync(string key)
    {
        try
        {
            var generation = await _hotState.GetAsync(key);
            if (generation is not null)
            {
                return generation;
            }

            await _hotState.SetIfAbsentAsync(key, Guid.NewGuid().ToString("N"), GenerationTtl);
            return await _hotState.GetAsync(key);
        }
        catch (Exception ex)
        {
            ReportSharedCacheFailure(ex);
            return null;
        }
    }

    private async Task<string?> TryGetSharedAsync(string key)
    {
        try
        {
            return await _hotState.GetAsync(key);
        }
        catch (Exception ex)
        {
            ReportSharedCacheFailure(ex);
            return null;
        }
    }

    private async Task TrySetSharedAsync(string key, string value)
    {
        try
        {
            await _hotState.SetAsync(key, value, SharedTtl);
        }
        catch (Exception ex)
        {
            ReportSharedCacheFailure(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis is back: dropping the catalog caches built while events could not arrive")]
    private static partial void LogResync(ILogger logger);

    /// <summary>
    /// While Redis is away every catalog read lands here: one warning per interval, naming only the kind of
    /// failure (a driver message may carry endpoints), says so without flooding the log.
    /// </summary>
    private void ReportSharedCacheFailure(Exception ex)
    {
        var now = _clock.GetUtcNow().UtcTicks;
        var last = Interlocked.Read(ref _lastSharedFailureLog);
        if (now - last >= SharedFailureLogInterval.Ticks && Interlocked.CompareExchange(ref _lastSharedFailureLog, now, last) == last)
        {
            LogSharedCacheFailed(_logger, ex.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The shared catalog cache is unavailable ({Failure}); serving from the database (repeats are silenced for a while)")]
    private static partial void LogSharedCacheFailed(ILogger logger, string failure);

    /// <summary>A remote's two segments; in Redis as <c>generation \n infoHash \n othersHash \n info \n others</c> (compact JSON has no raw newlines).</summary>
    private sealed record RemoteSegments(JsonSegment Info, JsonSegment Others)
    {
        public string Format(string generation) =>
            $"{generation}\n{Info.Hash}\n{Others.Hash}\n{Encoding.UTF8.GetString(Info.Utf8)}\n{Encoding.UTF8.GetString(Others.Utf8)}";

        public static RemoteSegments? TryParse(string? stored, string generation)
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
    }
}
