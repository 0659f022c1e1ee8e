using Market.Application.Common.Catalog;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Telemetry;
using Market.Application.Runtime.Models;

namespace Market.Infrastructure.Catalog;

/// <summary>
/// The catalog read side, cached in process: the source list, each source's shared partition (remote
/// catalogs, shared local apps), each user's own local apps, each local source's shared
/// <c>app_info_latest</c>, each remote's segments, and each user's view and hash. Served without database
/// work once built. Views are assembled by <see cref="MarketViewBuilder"/> from these parts; with Redis,
/// remote segments and hashes are also shared through <see cref="SharedCatalogStore"/>.
/// <see cref="MarketViewInvalidation"/> decides what to drop.
/// </summary>
internal sealed class MarketViewCache : IMarketViewCache, IMarketViewParts, IDisposable
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(10);

    private readonly CatalogRows _rows;
    private readonly SharedCatalogStore _shared;
    private readonly TimeProvider _clock;
    private readonly MarketTelemetry _telemetry;

    private readonly AsyncCache<string, IReadOnlyList<SourceRef>> _sources;
    private readonly AsyncCache<string, CatalogPartition> _sharedPartitions;
    private readonly AsyncCache<string, JsonSegment> _sharedLocalInfo;
    private readonly AsyncCache<string, IReadOnlyDictionary<string, CatalogPartition>> _ownPartitions;
    private readonly AsyncCache<string, RemoteSegments> _remotes;
    private readonly AsyncCache<string, UserMarketView> _views;
    private readonly AsyncCache<string, string> _hashes;
    private CancellationTokenSource? _sweeping;
    private bool _started;

    public MarketViewCache(CatalogRows rows, SharedCatalogStore shared, TimeProvider clock, MarketTelemetry telemetry)
    {
        _rows = rows;
        _shared = shared;
        _clock = clock;
        _telemetry = telemetry;
        _sources = new(clock, MaxAge);
        _sharedPartitions = new(clock, MaxAge);
        _sharedLocalInfo = new(clock, MaxAge);
        _ownPartitions = new(clock, MaxAge);
        _remotes = new(clock, MaxAge);
        _views = new(clock, MaxAge);
        _hashes = new(clock, MaxAge);
    }

    /// <summary>Starts the sweep (called by <see cref="MarketViewInvalidation"/> once it listens to events).</summary>
    public void Start()
    {
        _started = true;
        _sweeping = new CancellationTokenSource();
        _ = SweepAsync(_sweeping.Token);
    }

    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _sweeping, null) is { } sweeping)
        {
            await sweeping.CancelAsync();
            sweeping.Dispose();
        }
    }

    /// <summary>The container may dispose before (or instead of) the host stopping: whichever comes first ends the sweep, once.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _sweeping, null) is { } sweeping)
        {
            sweeping.Cancel();
            sweeping.Dispose();
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
        return _shared.IsShared ? _hashes.GetAsync(user, HashFromSharedOrViewAsync, cancellationToken) : GetViewHashAsync(user, cancellationToken);
    }

    public ValueTask<UserMarketView> GetViewAsync(string user, CancellationToken cancellationToken)
    {
        _telemetry.ViewCacheLookup("view", _views.TryPeek(user, out _));
        return ViewAsync(user, cancellationToken);
    }

    public async ValueTask<CatalogPartition> GetPartitionAsync(string sourceId, string owner, CancellationToken cancellationToken)
    {
        if (owner.Length == 0)
        {
            return await _sharedPartitions.GetAsync(sourceId, _rows.SharedPartitionAsync, cancellationToken);
        }

        var own = await _ownPartitions.GetAsync(owner, LoadOwnPartitionsAsync, cancellationToken);
        return own.TryGetValue(sourceId, out var partition) ? partition : CatalogPartition.Create(sourceId, owner, []);
    }

    public ValueTask<IReadOnlyList<SourceRef>> GetSourcesAsync(CancellationToken cancellationToken) =>
        _sources.GetAsync(string.Empty, _ => _rows.SourcesAsync(), cancellationToken);

    public ValueTask<JsonSegment> GetSharedLocalInfoAsync(string sourceId, CancellationToken cancellationToken) =>
        _sharedLocalInfo.GetAsync(sourceId, async id => MarketViewBuilder.SharedLocalInfo(await GetPartitionAsync(id, string.Empty, CancellationToken.None)), cancellationToken);

    public ValueTask<RemoteSegments> GetRemoteAsync(string sourceId, CancellationToken cancellationToken) =>
        _remotes.GetAsync(sourceId, BuildRemoteAsync, cancellationToken);

    /// <summary>An event for one user: their view and hash, and their own apps unless only an app state changed.</summary>
    public void DropUser(string user, bool ownAppsToo)
    {
        if (ownAppsToo)
        {
            _ownPartitions.Remove(user);
        }

        _hashes.Remove(user);
        _views.Remove(user);
    }

    /// <summary>Dependencies before the views built on them, so a view rebuilt in between sees fresh parts.</summary>
    public void DropEverything()
    {
        _sources.Clear();
        _sharedPartitions.Clear();
        _sharedLocalInfo.Clear();
        _remotes.Clear();
        _ownPartitions.Clear();
        _hashes.Clear();
        _views.Clear();
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
            IsRunning = _started,
            TotalSources = _sources.TryPeek(string.Empty, out var sources) ? sources.Count : 0,
            TotalUsers = users.Count,
            CachedHashes = _hashes.Count,
            CachedRemoteCatalogs = _remotes.Count,
            CachedPartitions = _sharedPartitions.Count + _ownPartitions.Count,
            UserHashes = users,
        };
    }

    /// <summary>Every few minutes, forgets what nobody asked for within <see cref="MaxAge"/>.</summary>
    private async Task SweepAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(MaxAge / 2, _clock);
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

    /// <summary>The view, from cache or built; internal reads are not counted as lookups.</summary>
    private ValueTask<UserMarketView> ViewAsync(string user, CancellationToken cancellationToken) =>
        _views.TryPeek(user, out var view) ? ValueTask.FromResult(view) : _views.GetAsync(user, BuildViewAsync, cancellationToken);

    private async ValueTask<string> GetViewHashAsync(string user, CancellationToken cancellationToken) =>
        (await ViewAsync(user, cancellationToken)).Hash;

    private async Task<UserMarketView> BuildViewAsync(string user)
    {
        // Generations are read before the data, so the hash is stored under a stamp no newer than its data.
        var stamp = _shared.IsShared ? await _shared.ReadStampAsync(user) : null;
        var (selected, apps) = await _rows.UserAsync(user);
        var view = await MarketViewBuilder.BuildAsync(user, selected, apps, this, CancellationToken.None);
        if (stamp is not null)
        {
            await _shared.TrySetHashAsync(user, stamp, view.Hash);
        }

        return view;
    }

    /// <summary>With Redis: the hash another replica computed under the current generations, else a fresh view's.</summary>
    private async Task<string> HashFromSharedOrViewAsync(string user)
    {
        var stamp = await _shared.ReadStampAsync(user);
        var stored = stamp is null ? null : await _shared.TryGetHashAsync(user, stamp);
        return stored ?? (await ViewAsync(user, CancellationToken.None)).Hash;
    }

    /// <summary>A remote's listed apps and curated content, from Redis when its stamp is current.</summary>
    private async Task<RemoteSegments> BuildRemoteAsync(string sourceId)
    {
        var generation = _shared.IsShared ? await _shared.ReadCatalogGenerationAsync() : null;
        if (generation is not null && await _shared.TryGetRemoteAsync(sourceId, generation) is { } cached)
        {
            return cached;
        }

        var partition = await GetPartitionAsync(sourceId, string.Empty, CancellationToken.None);
        var segments = MarketViewBuilder.Remote(partition, await _rows.OthersJsonAsync(sourceId));
        if (generation is not null)
        {
            await _shared.TrySetRemoteAsync(sourceId, generation, segments);
        }

        return segments;
    }

    private async Task<IReadOnlyDictionary<string, CatalogPartition>> LoadOwnPartitionsAsync(string user)
    {
        var local = (await GetSourcesAsync(CancellationToken.None)).Where(s => !s.IsRemote).Select(s => s.Id).ToList();
        return await _rows.OwnPartitionsAsync(user, local);
    }
}
