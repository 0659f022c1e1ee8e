using System.Diagnostics;
using System.Diagnostics.Metrics;
using Market.Application.Common.Telemetry;
using Market.Domain.Apps;
using Market.Domain.Tasks;

namespace Market.Application.Tests.Common;

/// <summary>Market's instruments record what an operator reads off a dashboard: tasks by type and outcome, live connections, drops.</summary>
public sealed class MarketTelemetryTests
{
    private TestMeterFactory _meters = null!;
    private MarketTelemetry _telemetry = null!;
    private MeterListener _listener = null!;
    private readonly List<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measurements = [];

    [SetUp]
    public void Start()
    {
        _meters = new TestMeterFactory();
        _telemetry = new MarketTelemetry(_meters);
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (_meters.Created.Contains(instrument.Meter))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
    }

    [TearDown]
    public void Stop()
    {
        _listener.Dispose();
        _telemetry.Dispose();
        _meters.Dispose();
    }

    [Test]
    public void An_ended_task_is_counted_and_timed_by_type_and_outcome()
    {
        var created = new DateTime(2026, 1, 1, 10, 0, 0, DateTimeKind.Utc);
        var app = UserApp.Create("alice", "notes", "notes", created);
        var task = app.BeginInstall(new AppListing("upload", "notes", "1.0.0", "notes", string.Empty, []), new TaskDraft("host", TimeSpan.FromSeconds(20), "{}", null, created));
        task.Start(created.AddSeconds(1));
        task.Finish(app, new RuntimeReport(AppStates.Running, null, null, null, null), OperationOutcome.Completed, created.AddSeconds(12));

        _telemetry.TaskEnded(task);

        var count = _measurements.Single(m => m.Instrument == "market.tasks");
        Assert.That(count.Value, Is.EqualTo(1));
        Assert.That(count.Tags, Is.EquivalentTo(new Dictionary<string, object?> { ["type"] = "install", ["outcome"] = AppTaskStatus.Completed.ToWire() }));
        var duration = _measurements.Single(m => m.Instrument == "market.tasks.duration");
        Assert.That(duration.Value, Is.EqualTo(12));
    }

    [Test]
    public void A_connection_counts_while_open_and_is_released_once()
    {
        var connection = _telemetry.ConnectionOpened("ws");
        connection.Dispose();
        connection.Dispose();

        var changes = _measurements.Where(m => m.Instrument == "market.realtime.connections").Select(m => m.Value).ToList();
        Assert.That(changes, Is.EqualTo(new[] { 1.0, -1.0 }));
        Assert.That(_measurements[0].Tags["transport"], Is.EqualTo("ws"));
    }

    [Test]
    public void Queue_depth_and_apps_per_source_are_observed_on_collection()
    {
        _telemetry.SetQueueDepth(pending: 3, running: 2);
        _telemetry.SyncEnded("market.olares", "updated", TimeSpan.FromMilliseconds(1500), 120);

        _listener.RecordObservableInstruments();

        var depth = _measurements.Where(m => m.Instrument == "market.tasks.queue_depth").ToDictionary(m => (string)m.Tags["status"]!, m => m.Value);
        Assert.That(depth, Is.EquivalentTo(new Dictionary<string, double> { ["pending"] = 3, ["running"] = 2 }));
        Assert.That(_measurements.Single(m => m.Instrument == "market.sync.apps").Value, Is.EqualTo(120));
        Assert.That(_measurements.Single(m => m.Instrument == "market.sync.duration").Value, Is.EqualTo(1.5));
    }

    [Test]
    public void A_task_attempt_joins_the_trace_of_the_request_that_created_it()
    {
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == MarketTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        string? parent;
        using (var request = new Activity("request").SetIdFormat(ActivityIdFormat.W3C).Start())
        {
            parent = MarketTelemetry.CurrentTraceParent();
        }

        using (var attempt = MarketTelemetry.StartTaskAttempt("t-1", OpType.Install.ToWire(), 2, parent))
        {
            Assert.That(attempt, Is.Not.Null);
            Assert.That(attempt!.ParentId, Is.EqualTo(parent));
            Assert.That(attempt.GetTagItem("market.task.attempt"), Is.EqualTo(2));
        }

        using var orphan = MarketTelemetry.StartTaskAttempt("t-2", OpType.Install.ToWire(), 1, traceParent: null);
        Assert.That(orphan!.ParentId, Is.Null, "without a stored parent the attempt starts its own trace");
    }

    private void Record<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        where T : struct
    {
        var copy = new Dictionary<string, object?>();
        foreach (var (key, tagValue) in tags)
        {
            copy[key] = tagValue;
        }

        _measurements.Add((instrument.Name, Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture), copy));
    }
}
