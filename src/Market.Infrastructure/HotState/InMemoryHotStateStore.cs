using System.Collections.Concurrent;
using Market.Application.Common.Interfaces;

namespace Market.Infrastructure.HotState;

/// <summary>The embedded-mode hot state: one process, so plain concurrent collections and in-process pub/sub.</summary>
internal sealed class InMemoryHotStateStore(TimeProvider clock) : IHotStateStore
{
    private readonly ConcurrentDictionary<string, (string Value, DateTimeOffset? Expires)> _values = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, string>> _hashes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ImmutableHandlers> _subscribers = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Keys held (plain values and hashes), for diagnostics.</summary>
    public long KeyCount => _values.Count + _hashes.Count;

    public ValueTask<string?> GetAsync(string key, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(TryGetLive(key, out var value) ? value : null);

    public ValueTask SetAsync(string key, string value, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
    {
        _values[key] = (value, ttl is null ? null : clock.GetUtcNow() + ttl);
        return ValueTask.CompletedTask;
    }

    public ValueTask<bool> SetIfAbsentAsync(string key, string value, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (TryGetLive(key, out _))
            {
                return ValueTask.FromResult(false);
            }

            _values[key] = (value, clock.GetUtcNow() + ttl);
            return ValueTask.FromResult(true);
        }
    }

    public ValueTask DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        _values.TryRemove(key, out _);
        _hashes.TryRemove(key, out _);
        return ValueTask.CompletedTask;
    }

    public ValueTask HashSetAsync(string key, string field, string value, CancellationToken cancellationToken = default)
    {
        _hashes.GetOrAdd(key, _ => new ConcurrentDictionary<string, string>(StringComparer.Ordinal))[field] = value;
        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyDictionary<string, string>> HashGetAllAsync(string key, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyDictionary<string, string>>(
            _hashes.TryGetValue(key, out var hash) ? new Dictionary<string, string>(hash, StringComparer.Ordinal) : new Dictionary<string, string>());

    public ValueTask HashDeleteAsync(string key, string field, CancellationToken cancellationToken = default)
    {
        if (_hashes.TryGetValue(key, out var hash))
        {
            hash.TryRemove(field, out _);
        }

        return ValueTask.CompletedTask;
    }

    public async ValueTask<bool> TryAcquireLockAsync(string key, string owner, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (TryGetLive(key, out var holder) && holder != owner)
            {
                return false;
            }

            _values[key] = (owner, clock.GetUtcNow() + ttl);
        }

        await Task.CompletedTask;
        return true;
    }

    public ValueTask ReleaseLockAsync(string key, string owner, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (TryGetLive(key, out var holder) && holder == owner)
            {
                _values.TryRemove(key, out _);
            }
        }

        return ValueTask.CompletedTask;
    }

    public async ValueTask PublishAsync(string channel, string message, CancellationToken cancellationToken = default)
    {
        if (_subscribers.TryGetValue(channel, out var handlers))
        {
            foreach (var handler in handlers.Items)
            {
                await handler(message);
            }
        }
    }

    public ValueTask<IAsyncDisposable> SubscribeAsync(string channel, Func<string, Task> handler, CancellationToken cancellationToken = default)
    {
        _subscribers.AddOrUpdate(channel, _ => new ImmutableHandlers([handler]), (_, h) => new ImmutableHandlers([.. h.Items, handler]));
        return ValueTask.FromResult<IAsyncDisposable>(new Subscription(() =>
            _subscribers.AddOrUpdate(channel, _ => new ImmutableHandlers([]), (_, h) => new ImmutableHandlers(h.Items.Where(x => x != handler).ToArray()))));
    }

    public ValueTask<bool> PingAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(true);

    /// <summary>One process: nothing is ever out of reach, so there is nothing to tell.</summary>
    public IDisposable OnReconnected(Func<Task> handler) => NoReconnects.Instance;

    private bool TryGetLive(string key, out string value)
    {
        if (_values.TryGetValue(key, out var entry))
        {
            if (entry.Expires is null || entry.Expires > clock.GetUtcNow())
            {
                value = entry.Value;
                return true;
            }

            _values.TryRemove(key, out _);
        }

        value = string.Empty;
        return false;
    }

    private sealed class NoReconnects : IDisposable
    {
        public static readonly NoReconnects Instance = new();

        public void Dispose()
        {
        }
    }

    private sealed record ImmutableHandlers(Func<string, Task>[] Items);

    private sealed class Subscription(Action dispose) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            dispose();
            return ValueTask.CompletedTask;
        }
    }
}
