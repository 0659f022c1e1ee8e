using Market.Application.Common.Interfaces;
using Market.Infrastructure.History;
using Market.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Integration.Tests;

/// <summary>The Redis hot-state adapter as two replicas of one deployment share it.</summary>
public sealed class HotStateTests
{
    private Deployment _deployment = null!;
    private MarketIntegrationFactory _a = null!;
    private MarketIntegrationFactory _b = null!;
    private IHotStateStore _storeA = null!;
    private IHotStateStore _storeB = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _deployment = await Deployment.CreateAsync();
        _a = _deployment.StartReplica();
        _b = _deployment.StartReplica();
        _a.CreateClient().Dispose();
        _b.CreateClient().Dispose();
        _storeA = _a.Services.GetRequiredService<IHotStateStore>();
        _storeB = _b.Services.GetRequiredService<IHotStateStore>();
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        // Fields stay null when the set-up was ignored for want of PostgreSQL/Redis.
        _a?.Dispose();
        _b?.Dispose();
        if (_deployment is not null)
        {
            await _deployment.DisposeAsync();
        }
    }

    [Test]
    public async Task A_lock_is_exclusive_between_owners_and_released_only_by_its_owner()
    {
        const string key = "lock:test:exclusive";

        Assert.That(await _storeA.TryAcquireLockAsync(key, "replica-a", TimeSpan.FromMinutes(1)), Is.True);
        Assert.That(await _storeB.TryAcquireLockAsync(key, "replica-b", TimeSpan.FromMinutes(1)), Is.False, "held by a");
        Assert.That(await _storeA.TryAcquireLockAsync(key, "replica-a", TimeSpan.FromMinutes(1)), Is.True, "re-entrant for its owner");

        await _storeB.ReleaseLockAsync(key, "replica-b");
        Assert.That(await _storeB.TryAcquireLockAsync(key, "replica-b", TimeSpan.FromMinutes(1)), Is.False, "b cannot release a's lock");

        await _storeA.ReleaseLockAsync(key, "replica-a");
        Assert.That(await _storeB.TryAcquireLockAsync(key, "replica-b", TimeSpan.FromMinutes(1)), Is.True, "free once a released it");
        await _storeB.ReleaseLockAsync(key, "replica-b");
    }

    [Test]
    public async Task A_lock_expires_with_its_lease()
    {
        const string key = "lock:test:lease";
        Assert.That(await _storeA.TryAcquireLockAsync(key, "replica-a", TimeSpan.FromMilliseconds(300)), Is.True);

        await Eventually.HoldsAsync(
            async () => await _storeB.TryAcquireLockAsync(key, "replica-b", TimeSpan.FromMinutes(1)),
            "a crashed owner does not hold the lock forever",
            TimeSpan.FromSeconds(5));
        await _storeB.ReleaseLockAsync(key, "replica-b");
    }

    [Test]
    public async Task SetIfAbsent_sets_only_once_across_replicas()
    {
        const string key = "idem:alice:request-1";

        Assert.That(await _storeA.SetIfAbsentAsync(key, "task-1", TimeSpan.FromMinutes(5)), Is.True);
        Assert.That(await _storeB.SetIfAbsentAsync(key, "task-2", TimeSpan.FromMinutes(5)), Is.False);
        Assert.That(await _storeB.GetAsync(key), Is.EqualTo("task-1"));

        await _storeA.DeleteAsync(key);
        Assert.That(await _storeB.GetAsync(key), Is.Null);
        Assert.That(await _storeB.SetIfAbsentAsync(key, "task-2", TimeSpan.FromMinutes(5)), Is.True);
    }

    [Test]
    public async Task Values_with_a_ttl_expire()
    {
        await _storeA.SetAsync("test:ttl", "v", TimeSpan.FromMilliseconds(200));
        Assert.That(await _storeB.GetAsync("test:ttl"), Is.EqualTo("v"));

        await Eventually.HoldsAsync(async () => await _storeB.GetAsync("test:ttl") is null, "the value to expire with its ttl", TimeSpan.FromSeconds(5));
    }

    [Test]
    public async Task Hashes_are_shared()
    {
        var key = HotStateKeys.UserAppStates("alice");
        await _storeA.HashSetAsync(key, "firefox", """{"state":"running"}""");
        await _storeB.HashSetAsync(key, "gitea", """{"state":"pending"}""");
        await _storeA.HashSetAsync(key, "firefox", """{"state":"stopped"}""");

        var all = await _storeB.HashGetAllAsync(key);
        Assert.That(all, Is.EquivalentTo(new Dictionary<string, string>
        {
            ["firefox"] = """{"state":"stopped"}""",
            ["gitea"] = """{"state":"pending"}""",
        }));

        await _storeB.HashDeleteAsync(key, "firefox");
        Assert.That((await _storeA.HashGetAllAsync(key)).Keys, Is.EqualTo(new[] { "gitea" }));
        await _storeA.DeleteAsync(key);
        Assert.That(await _storeB.HashGetAllAsync(key), Is.Empty);
    }

    [Test]
    public async Task Keys_carry_the_deployments_prefix()
    {
        using var other = new MarketIntegrationFactory(_deployment.Postgres, _deployment.Redis, _deployment.KeyPrefix + "other:");
        other.CreateClient().Dispose();
        var otherStore = other.Services.GetRequiredService<IHotStateStore>();

        await _storeA.SetAsync("test:prefixed", "mine");

        Assert.That(await otherStore.GetAsync("test:prefixed"), Is.Null, "another deployment on the same Redis does not see it");
        Assert.That(await _storeB.GetAsync("test:prefixed"), Is.EqualTo("mine"));
    }

    [Test]
    public async Task Pub_sub_delivers_between_replicas()
    {
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var subscription = await _storeB.SubscribeAsync("test:channel", message =>
        {
            received.TrySetResult(message);
            return Task.CompletedTask;
        });

        await _storeA.PublishAsync("test:channel", "hello from a");

        Assert.That(await received.Task.WaitAsync(TimeSpan.FromSeconds(15)), Is.EqualTo("hello from a"));
    }

    [Test]
    public async Task Only_one_replica_runs_a_history_retention_round()
    {
        var jobA = _a.Services.GetRequiredService<HistoryRetentionJob>();
        var jobB = _b.Services.GetRequiredService<HistoryRetentionJob>();
        await Eventually.HoldsAsync(
            () => Task.FromResult(jobA.CompletedRounds > 0 && jobB.CompletedRounds > 0),
            "both replicas' start rounds",
            TimeSpan.FromSeconds(30));

        var holder = await _storeA.GetAsync(HotStateKeys.HistoryRetentionLock);
        Assert.That(holder, Is.AnyOf(jobA.Owner, jobB.Owner), "one of them took the start round");

        var roundA = await jobA.RunOnceAsync(CancellationToken.None);
        var roundB = await jobB.RunOnceAsync(CancellationToken.None);

        Assert.That(new[] { roundA, roundB }.Count(r => r is not null), Is.EqualTo(1), "exactly one replica purges per interval");
    }
}
