using Market.Infrastructure.Hosting;

namespace Market.Api.Tests.Operate;

/// <summary>An idle poller slows down to its ceiling and is back at its tick with the first round that finds work.</summary>
public sealed class IdleBackoffTests
{
    [Test]
    public void Idle_rounds_double_the_wait_up_to_the_ceiling_and_work_brings_the_tick_back()
    {
        var backoff = new IdleBackoff(TimeSpan.FromMilliseconds(250), TimeProvider.System);

        var idle = Enumerable.Range(0, 6).Select(_ => backoff.After(foundWork: false).TotalMilliseconds).ToList();
        var afterWork = backoff.After(foundWork: true).TotalMilliseconds;
        var idleAgain = backoff.After(foundWork: false).TotalMilliseconds;

        Assert.That(idle, Is.EqualTo(new[] { 250d, 500, 1000, 2000, 2000, 2000 }));
        Assert.That(afterWork, Is.EqualTo(250));
        Assert.That(idleAgain, Is.EqualTo(500));
    }
}
