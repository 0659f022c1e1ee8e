using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Market.Infrastructure.HotState;

/// <summary>Hot state shared by every replica through Redis. All keys and channels carry the configured prefix.</summary>
internal sealed class RedisHotStateStore(IConnectionMultiplexer redis, IOptions<HotStateOptions> options) : IHotStateStore
{
    // Compare-and-delete so that a lock is only released by the owner that still holds it.
    private const string ReleaseScript = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

    private readonly string _prefix = options.Value.KeyPrefix;

    private IDatabase Db => redis.GetDatabase();

    public async ValueTask<string?> GetAsync(string key, CancellationToken cancellationToken = default) =>
        await Db.StringGetAsync(Key(key));

    public async ValueTask SetAsync(string key, string value, TimeSpan? ttl = null, CancellationToken cancellationToken = default) =>
        await Db.StringSetAsync(Key(key), value, ttl.HasValue ? new Expiration(ttl.Value) : Expiration.Default);

    public async ValueTask<bool> SetIfAbsentAsync(string key, string value, TimeSpan ttl, CancellationToken cancellationToken = default) =>
        await Db.StringSetAsync(Key(key), value, new Expiration(ttl), ValueCondition.NotExists);

    public async ValueTask DeleteAsync(string key, CancellationToken cancellationToken = default) =>
        await Db.KeyDeleteAsync(Key(key));

    public async ValueTask HashSetAsync(string key, string field, string value, CancellationToken cancellationToken = default) =>
        await Db.HashSetAsync(Key(key), field, value);

    public async ValueTask<IReadOnlyDictionary<string, string>> HashGetAllAsync(string key, CancellationToken cancellationToken = default)
    {
        var entries = await Db.HashGetAllAsync(Key(key));
        return entries.ToDictionary(e => e.Name.ToString(), e => e.Value.ToString(), StringComparer.Ordinal);
    }

    public async ValueTask HashDeleteAsync(string key, string field, CancellationToken cancellationToken = default) =>
        await Db.HashDeleteAsync(Key(key), field);

    public async ValueTask<bool> TryAcquireLockAsync(string key, string owner, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        var redisKey = Key(key);
        if (await Db.StringSetAsync(redisKey, owner, new Expiration(ttl), ValueCondition.NotExists))
        {
            return true;
        }

        // Re-entrant for the holder: extend its own lease.
        var holder = await Db.StringGetAsync(redisKey);
        if (holder == owner)
        {
            await Db.KeyExpireAsync(redisKey, ttl);
            return true;
        }

        return false;
    }

    public async ValueTask ReleaseLockAsync(string key, string owner, CancellationToken cancellationToken = default) =>
        await Db.ScriptEvaluateAsync(ReleaseScript, [Key(key)], [owner]);

    public async ValueTask PublishAsync(string channel, string message, CancellationToken cancellationToken = default) =>
        await redis.GetSubscriber().PublishAsync(RedisChannel.Literal(Key(channel)), message);

    public async ValueTask<IAsyncDisposable> SubscribeAsync(string channel, Func<string, Task> handler, CancellationToken cancellationToken = default)
    {
        var redisChannel = RedisChannel.Literal(Key(channel));
        var queue = await redis.GetSubscriber().SubscribeAsync(redisChannel);
        queue.OnMessage(async message => await handler(message.Message.ToString()));
        return new Subscription(queue);
    }

    public async ValueTask<bool> PingAsync(CancellationToken cancellationToken = default)
    {
        if (!redis.IsConnected)
        {
            return false;
        }

        try
        {
            await Db.PingAsync();
            return true;
        }
        catch (RedisException)
        {
            return false;
        }
    }

    /// <summary>
    /// Raised for each restored connection (commands and subscriptions come back separately), so a handler
    /// may run twice for one outage; it must be idempotent. Handlers run off the client's event thread.
    /// </summary>
    public IDisposable OnReconnected(Func<Task> handler)
    {
        void OnRestored(object? sender, ConnectionFailedEventArgs e) => _ = Task.Run(handler);
        redis.ConnectionRestored += OnRestored;
        return new Unhook(() => redis.ConnectionRestored -= OnRestored);
    }

    private string Key(string key) => _prefix + key;

    private sealed class Unhook(Action unhook) : IDisposable
    {
        public void Dispose() => unhook();
    }

    private sealed class Subscription(ChannelMessageQueue queue) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await queue.UnsubscribeAsync();
    }
}
