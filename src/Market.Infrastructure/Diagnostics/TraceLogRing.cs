using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Market.Application.Common.Interfaces;
using Market.Domain.Tasks;
using Microsoft.Extensions.Logging;

namespace Market.Infrastructure.Diagnostics;

/// <summary>
/// Market keeps no log store of its own (logs go to the console and, when configured, OTLP), so the diagnostic
/// bundle reads the lines of a task's trace from this bounded in-memory ring: the last <see cref="MaxTraces"/> traces,
/// at most <see cref="MaxLinesPerTrace"/> lines each, scrubbed of secrets. Lines outside a trace are not kept.
/// </summary>
internal sealed class TraceLogRing(TimeProvider clock) : ILoggerProvider, ITaskLogSource
{
    public const int MaxTraces = 512;
    public const int MaxLinesPerTrace = 200;

    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _lines = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();

    public IReadOnlyList<string> LinesOf(string traceId) =>
        _lines.TryGetValue(traceId, out var lines) ? [.. lines] : [];

    public ILogger CreateLogger(string categoryName) => new RingLogger(this, categoryName);

    public void Dispose()
    {
    }

    private void Add(string traceId, string line)
    {
        var lines = _lines.GetOrAdd(traceId, id =>
        {
            _order.Enqueue(id);
            return new ConcurrentQueue<string>();
        });
        lines.Enqueue(line);
        while (lines.Count > MaxLinesPerTrace && lines.TryDequeue(out _))
        {
        }

        while (_order.Count > MaxTraces && _order.TryDequeue(out var oldest))
        {
            _lines.TryRemove(oldest, out _);
        }
    }

    private sealed class RingLogger(TraceLogRing ring, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information && Activity.Current is not null;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel) || Activity.Current is not { } activity)
            {
                return;
            }

            var at = ring.ClockNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            var text = SecretScrubber.Scrub(formatter(state, exception)) ?? string.Empty;
            ring.Add(activity.TraceId.ToHexString(), $"{at} {logLevel} {category}: {text}");
        }
    }

    private DateTime ClockNow => clock.GetUtcNow().UtcDateTime;
}
