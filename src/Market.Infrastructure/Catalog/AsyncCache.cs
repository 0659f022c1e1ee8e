using System.Collections.Concurrent;

namespace Market.Infrastructure.Catalog;

/// <summary>
/// A keyed cache of values built once per key by an async factory (concurrent callers share one build).
/// An entry removed while its build runs is never put back, so an invalidation can't be undone by a build
/// that read older data. Entries older than <c>maxAge</c> are rebuilt: a safety net should an event be missed.
/// </summary>
internal sealed class AsyncCache<TKey, TValue>(TimeProvider clock, TimeSpan maxAge)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Lazy<Task<Entry>>> _entries = new();

    public int Count => _entries.Count;

    /// <summary>The keys present (built or being built), for diagnostics.</summary>
    public ICollection<TKey> Keys => _entries.Keys;

    public async ValueTask<TValue> GetAsync(TKey key, Func<TKey, Task<TValue>> build, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var lazy = _entries.GetOrAdd(key, k => new Lazy<Task<Entry>>(() => BuildAsync(k, build)));
            Entry entry;
            try
            {
                entry = await lazy.Value.WaitAsync(cancellationToken);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // A failed build (database down, say) is not cached: the next caller tries again.
                _entries.TryRemove(new KeyValuePair<TKey, Lazy<Task<Entry>>>(key, lazy));
                throw;
            }

            if (attempt == 0 && clock.GetUtcNow() - entry.Built > maxAge)
            {
                _entries.TryRemove(new KeyValuePair<TKey, Lazy<Task<Entry>>>(key, lazy));
                continue;
            }

            return entry.Value;
        }
    }

    /// <summary>The cached value when it is built and fresh, without starting a build.</summary>
    public bool TryPeek(TKey key, out TValue value)
    {
        if (_entries.TryGetValue(key, out var lazy) && lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully
            && clock.GetUtcNow() - lazy.Value.Result.Built <= maxAge)
        {
            value = lazy.Value.Result.Value;
            return true;
        }

        value = default!;
        return false;
    }

    public void Remove(TKey key) => _entries.TryRemove(key, out _);

    public void Clear() => _entries.Clear();

    /// <summary>Drops entries past their age (users who stopped asking), so the cache does not grow forever.</summary>
    public void RemoveExpired()
    {
        var now = clock.GetUtcNow();
        foreach (var (key, lazy) in _entries)
        {
            if (lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully && now - lazy.Value.Result.Built > maxAge)
            {
                _entries.TryRemove(new KeyValuePair<TKey, Lazy<Task<Entry>>>(key, lazy));
            }
        }
    }

    private async Task<Entry> BuildAsync(TKey key, Func<TKey, Task<TValue>> build)
    {
        // Builds are shared by every waiting request, so no single request's cancellation may stop one.
        await Task.Yield();
        var value = await build(key);
        return new Entry(value, clock.GetUtcNow());
    }

    private sealed record Entry(TValue Value, DateTimeOffset Built);
}
