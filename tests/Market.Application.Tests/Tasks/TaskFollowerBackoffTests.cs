using System.Collections.Concurrent;
using Market.Application.Apps.Operations;
using Market.Application.Common.Events;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Telemetry;
using Market.Application.Tasks.Commands.ApplyRuntimeReport;
using Market.Application.Tasks.Engine;
using Market.Application.Tests.Common;
using Market.Domain.Apps;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace Market.Application.Tests.Tasks;

/// <summary>
/// Issue 17: with NATS on, the Olares runtime's poll interval is zero (it waits for news itself), and the
/// follower used to ask an unreachable app-service again at once, ~100 warnings per replica in 15 s. It
/// backs off from a floor, doubling up to its ceiling.
/// </summary>
public sealed class TaskFollowerBackoffTests
{
    [Test]
    public async Task An_unreachable_runtime_is_asked_again_after_growing_pauses_even_with_a_zero_poll_interval()
    {
        var runtime = new FakeAppRuntime { Interval = TimeSpan.Zero, Status = _ => throw new RuntimeUnavailableException("connection refused") };
        using var stop = new CancellationTokenSource();
        var clock = new RecordingClock(stop, stopAfter: 8);
        var events = Mock.Of<IMarketEventBus>();
        var announcer = new TaskAnnouncer(new AppStatePublisher(Mock.Of<IHotStateStore>(), events, clock, NullLogger<AppStatePublisher>.Instance),
            new TaskEventPublisher(events, clock), Mock.Of<ITaskQueue>(), new MarketTelemetry(new TestMeterFactory()));
        var follower = new TaskFollower(Mock.Of<IScopedSender>(), runtime, announcer, clock, Microsoft.Extensions.Options.Options.Create(new Market.Application.Common.Options.TasksOptions()), Microsoft.Extensions.Options.Options.Create(new Market.Application.Common.Options.UpgradesOptions()), NullLogger<TaskFollower>.Instance);
        var operation = new RuntimeOperation { TaskId = "t1", Type = OpType.Install, User = "alice", AppName = "firefox" };

        Assert.That(async () => await follower.FollowAsync(operation, "op-1", "host", stop.Token), Throws.InstanceOf<OperationCanceledException>());

        Assert.That(runtime.StatusQueries, Has.Count.EqualTo(8), "one question per pause");
        Assert.That(clock.Pauses.Select(p => p.TotalSeconds), Is.EqualTo(new[] { 1.0, 2, 4, 8, 16, 30, 30, 30 }));
    }

    /// <summary>Records every pause asked for and lets it pass at once; cancels after <paramref name="stopAfter"/> pauses.</summary>
    private sealed class RecordingClock(CancellationTokenSource stop, int stopAfter) : TimeProvider
    {
        public ConcurrentQueue<TimeSpan> Pauses { get; } = new();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Pauses.Enqueue(dueTime);
            if (Pauses.Count >= stopAfter)
            {
                stop.Cancel();
            }

            return System.CreateTimer(callback, state, TimeSpan.Zero, period);
        }
    }
}
