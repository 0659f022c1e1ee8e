using System.Net;
using Market.Api.Tests.Infrastructure;
using Market.Application.Common.Interfaces;
using Market.Domain.History;
using Market.Infrastructure.History;
using Market.Infrastructure.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Api.Tests;

public sealed class HistoryRetentionTests
{
    [Test]
    public async Task Records_older_than_a_month_disappear_and_newer_ones_stay()
    {
        using var factory = new MarketApiFactory();
        using var alice = factory.CreateUserClient("alice");
        var job = await WaitForFirstRoundAsync(factory);
        var now = DateTimeOffset.UtcNow;
        await SeedAsync(factory, ("too old", now.AddMonths(-1).AddDays(-1)), ("recent", now.AddDays(-20)));

        var deleted = await job.RunOnceAsync(CancellationToken.None);

        Assert.That(deleted, Is.EqualTo(1));
        var logs = await (await alice.GetAsync(HttpExtensions.Prefix + "/logs")).ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(logs["data"]!["records"]!.AsArray().Select(r => r!["message"]!.GetValue<string>()), Is.EqualTo(new[] { "recent" }));
    }

    [Test]
    public async Task A_replica_without_the_lock_leaves_the_records_alone()
    {
        using var factory = new MarketApiFactory();
        var job = await WaitForFirstRoundAsync(factory);
        await SeedAsync(factory, ("too old", DateTimeOffset.UtcNow.AddMonths(-2)));
        var hotState = factory.Services.GetRequiredService<IHotStateStore>();
        await hotState.ReleaseLockAsync(HotStateKeys.HistoryRetentionLock, job.Owner);
        Assert.That(await hotState.TryAcquireLockAsync(HotStateKeys.HistoryRetentionLock, "another-replica", TimeSpan.FromHours(1)), Is.True);

        var deleted = await job.RunOnceAsync(CancellationToken.None);

        Assert.That(deleted, Is.Null);
        using var scope = factory.Services.CreateScope();
        Assert.That(scope.ServiceProvider.GetRequiredService<MarketDbContext>().HistoryRecords.Count(r => r.Message == "too old"), Is.EqualTo(1));
    }

    /// <summary>The first round runs right after start; wait for it so that the test owns the next move.</summary>
    private static async Task<HistoryRetentionJob> WaitForFirstRoundAsync(MarketApiFactory factory)
    {
        factory.CreateClient().Dispose(); // starts the host
        var job = factory.Services.GetRequiredService<HistoryRetentionJob>();
        await Eventually.HoldsAsync(() => Task.FromResult(job.CompletedRounds > 0), "the start round", TimeSpan.FromSeconds(10));

        Assert.That(job.CompletedRounds, Is.EqualTo(1), "the start round ran once");
        var hotState = factory.Services.GetRequiredService<IHotStateStore>();
        Assert.That(await hotState.GetAsync(HotStateKeys.HistoryRetentionLock), Is.EqualTo(job.Owner), "and kept the lock for the interval");
        return job;
    }

    private static async Task SeedAsync(MarketApiFactory factory, params (string Message, DateTimeOffset Time)[] records)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        db.HistoryRecords.AddRange(records.Select(r => new HistoryRecord(HistoryTypes.System, r.Message, r.Time.ToUnixTimeSeconds(), "market", "alice", "")));
        await db.SaveChangesAsync();
    }
}
