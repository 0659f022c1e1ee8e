using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Market.Application.Common.Interfaces;

namespace Market.Infrastructure.Runtime.Olares;

/// <summary>
/// Wakes the followers of an app's operation when its state changes anywhere in the cluster (every applied
/// announcement is pushed as <c>app_state_change</c> on the replica bus), and remembers per followed
/// operation what was last answered and when news last came.
/// </summary>
internal sealed class OlaresStateWatch : IDisposable
{
    private readonly ConcurrentDictionary<(string User, string App), TaskCompletionSource> _signals = new();
    private readonly ConditionalWeakTable<RuntimeOperation, FollowState> _follows = new();
    private readonly IDisposable _subscription;

    public OlaresStateWatch(IMarketEventBus events)
    {
        _subscription = events.Subscribe(OnEventAsync);
    }

    /// <summary>The follow state of one operation (the runner keeps one operation object per follow).</summary>
    public FollowState Follow(RuntimeOperation operation, DateTimeOffset now) => _follows.GetValue(operation, _ => new FollowState { LastNews = now });

    /// <summary>
    /// A task completing on the app's next change. Take it before reading the feed: a change that lands
    /// after that read still completes it.
    /// </summary>
    public Task NextChange(string user, string app) =>
        _signals.GetOrAdd((user, app), _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Dispose() => _subscription.Dispose();

    private ValueTask OnEventAsync(MarketEvent marketEvent)
    {
        if (marketEvent.NotifyType == MarketEvent.AppStateChange
            && marketEvent.Payload["app_name"]?.GetValue<string>() is { Length: > 0 } app
            && _signals.TryRemove((marketEvent.User, app), out var signal))
        {
            signal.TrySetResult();
        }

        return ValueTask.CompletedTask;
    }

    internal sealed class FollowState
    {
        public DateTime? LastCreateTime { get; set; }

        public DateTimeOffset LastNews { get; set; }
    }
}
