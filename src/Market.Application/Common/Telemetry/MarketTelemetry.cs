using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Market.Domain.Apps;
using Market.Domain.Tasks;

namespace Market.Application.Common.Telemetry;

/// <summary>
/// Market's own traces and metrics: one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named
/// <see cref="Name"/>, with every instrument declared here so the metric names live in one place (README
/// "Operate" lists them). Tags carry only identifiers and outcomes (task type, status, source id, transport):
/// never a user's input, an env value or a token.
/// </summary>
public sealed class MarketTelemetry : IDisposable
{
    public const string Name = "Market";

    /// <summary>Spans of Market's own work (task attempts); the OpenTelemetry tracer listens to it by name.</summary>
    public static readonly ActivitySource ActivitySource = new(Name, typeof(MarketTelemetry).Assembly.GetName().Version?.ToString());

    private readonly Meter _meter;
    private readonly Counter<long> _tasks;
    private readonly Histogram<double> _taskDuration;
    private readonly Histogram<double> _syncDuration;
    private readonly Counter<long> _viewCacheHits;
    private readonly Counter<long> _viewCacheMisses;
    private readonly UpDownCounter<long> _connections;
    private readonly Counter<long> _pushesDropped;
    private readonly ConcurrentDictionary<string, long> _appsPerSource = new(StringComparer.Ordinal);
    private volatile IReadOnlyDictionary<string, long> _paymentStates = new Dictionary<string, long>(StringComparer.Ordinal);
    private long _pendingTasks;
    private long _runningTasks;

    public MarketTelemetry(IMeterFactory meters)
    {
        _meter = meters.Create(Name);
        _tasks = _meter.CreateCounter<long>("market.tasks", "{task}", "Tasks ended, by type and outcome (completed, failed, canceled)");
        _taskDuration = _meter.CreateHistogram<double>("market.tasks.duration", "s", "Time from a task's creation to its end, by type and outcome");
        _meter.CreateObservableGauge("market.tasks.queue_depth", ObserveQueueDepth, "{task}", "Tasks waiting for a worker (pending) and being worked on (running)");
        _syncDuration = _meter.CreateHistogram<double>("market.sync.duration", "s", "Duration of one sync cycle of a remote source, by source and outcome");
        _meter.CreateObservableGauge("market.sync.apps", ObserveAppsPerSource, "{app}", "Apps listed by each remote source at its last sync");
        _viewCacheHits = _meter.CreateCounter<long>("market.view_cache.hits", "{request}", "Catalog views and hashes served from the in-process cache");
        _viewCacheMisses = _meter.CreateCounter<long>("market.view_cache.misses", "{request}", "Catalog views and hashes that had to be built");
        _connections = _meter.CreateUpDownCounter<long>("market.realtime.connections", "{connection}", "Open live push connections, by transport (ws, sse)");
        _meter.CreateObservableGauge("market.payments.states", ObservePaymentStates, "{purchase}", "Purchases by payment status (sampled from the database)");
        _pushesDropped = _meter.CreateCounter<long>("market.realtime.pushes_dropped", "{event}", "Events dropped for a client too slow to read them");
    }

    /// <summary>A task reached its final status: counted and timed once, by type and outcome.</summary>
    public void TaskEnded(AppTask task)
    {
        var tags = new TagList { { "type", task.Type.ToWire() }, { "outcome", task.Status.ToWire() } };
        _tasks.Add(1, tags);
        if (task.FinishedAt is { } finished)
        {
            _taskDuration.Record(Math.Max(0, (finished - task.CreatedAt).TotalSeconds), tags);
        }
    }

    /// <summary>The latest count of active tasks (sampled from the database by the task engine's host).</summary>
    public void SetQueueDepth(long pending, long running)
    {
        Interlocked.Exchange(ref _pendingTasks, pending);
        Interlocked.Exchange(ref _runningTasks, running);
    }

    /// <summary>The latest count of purchases by payment status (sampled from the database with the queue depth).</summary>
    public void SetPaymentStates(IReadOnlyDictionary<string, long> countsByStatus) => _paymentStates = countsByStatus;

    public void SyncEnded(string sourceId, string outcome, TimeSpan duration, int appCount)
    {
        _syncDuration.Record(duration.TotalSeconds, new TagList { { "source", sourceId }, { "outcome", outcome } });
        _appsPerSource[sourceId] = appCount;
    }

    /// <summary>A catalog read (<paramref name="kind"/> <c>view</c> or <c>hash</c>) answered from cache or not.</summary>
    public void ViewCacheLookup(string kind, bool hit) =>
        (hit ? _viewCacheHits : _viewCacheMisses).Add(1, new KeyValuePair<string, object?>("kind", kind));

    /// <summary>Counts a live connection (<c>ws</c> or <c>sse</c>) while the returned handle is not disposed.</summary>
    public IDisposable ConnectionOpened(string transport)
    {
        var tag = new KeyValuePair<string, object?>("transport", transport);
        _connections.Add(1, tag);
        return new Connection(_connections, tag);
    }

    public void PushDropped() => _pushesDropped.Add(1);

    /// <summary>
    /// Starts the activity of one task attempt as a child of the request that created the task, so one trace
    /// shows request → task → runtime calls. <paramref name="traceParent"/> is the W3C id kept with the task
    /// (<see cref="CurrentTraceParent"/> at creation); without one the attempt starts its own trace.
    /// </summary>
    public static Activity? StartTaskAttempt(string taskId, string type, int attempt, string? traceParent)
    {
        ActivityContext.TryParse(traceParent, null, isRemote: true, out var parent);
        var activity = ActivitySource.StartActivity($"task {type}", ActivityKind.Internal, parent);
        activity?.SetTag("market.task.id", taskId);
        activity?.SetTag("market.task.type", type);
        activity?.SetTag("market.task.attempt", attempt);
        return activity;
    }

    /// <summary>The W3C trace parent of the current request, to store with a task it creates.</summary>
    public static string? CurrentTraceParent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    public void Dispose() => _meter.Dispose();

    private IEnumerable<Measurement<long>> ObserveQueueDepth() =>
    [
        new(Interlocked.Read(ref _pendingTasks), new KeyValuePair<string, object?>("status", AppTaskStatus.Pending.ToWire())),
        new(Interlocked.Read(ref _runningTasks), new KeyValuePair<string, object?>("status", AppTaskStatus.Running.ToWire())),
    ];

    private IEnumerable<Measurement<long>> ObservePaymentStates() =>
        _paymentStates.Select(p => new Measurement<long>(p.Value, new KeyValuePair<string, object?>("status", p.Key))).ToList();

    private IEnumerable<Measurement<long>> ObserveAppsPerSource() =>
        _appsPerSource.Select(p => new Measurement<long>(p.Value, new KeyValuePair<string, object?>("source", p.Key))).ToList();

    private sealed class Connection(UpDownCounter<long> counter, KeyValuePair<string, object?> tag) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                counter.Add(-1, tag);
            }
        }
    }
}
