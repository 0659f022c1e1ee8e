using System.Diagnostics.Metrics;
using System.Reflection;
using Market.Application.Common.Options;
using Market.Application.Common.Telemetry;
using Microsoft.Extensions.Logging.Console;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Market.Api.Infrastructure.Telemetry;

/// <summary>
/// OpenTelemetry and the console log format. Traces: HTTP in and out, EF Core, Redis, NATS and Market's own
/// <see cref="MarketTelemetry.ActivitySource"/>. Metrics: ASP.NET Core, HttpClient, the .NET runtime and
/// Market's meter, scraped at <c>/metrics</c>. Everything goes out over OTLP when the standard
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. URL queries stay redacted, SQL is recorded without parameter
/// values and Redis without keys or values, so no env value or token reaches a span.
/// </summary>
public static class TelemetryRegistration
{
    public const string ServiceName = "market";

    /// <summary>The NATS client's own ActivitySource and Meter (NATS.Client.Core): publish and receive spans carry subjects and sizes, never payloads.</summary>
    public const string NatsInstrumentationName = "NATS.Net";

    /// <summary>Label combinations kept per metric (see <see cref="BoundedStream"/>); the HTTP durations get more.</summary>
    private const int SeriesLimit = 100;
    private const int HttpSeriesLimit = 1000;

    /// <summary>The version of this build (the informational version without its source revision).</summary>
    public static string ServiceVersion { get; } =
        (typeof(TelemetryRegistration).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0")
        .Split('+')[0];

    public static WebApplicationBuilder AddMarketTelemetry(this WebApplicationBuilder builder)
    {
        builder.AddJsonConsoleWhenAsked();
        var exporting = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var redis = builder.Configuration.GetSection(HotStateOptions.Section).Get<HotStateOptions>()?.IsRedis == true;
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(builder.Configuration["OTEL_SERVICE_NAME"] ?? ServiceName, serviceVersion: ServiceVersion))
            .WithTracing(tracing =>
            {
                tracing
                    .SetSampler(RootSampler(exporting))
                    .AddSource(MarketTelemetry.Name)
                    .AddSource(NatsInstrumentationName)
                    .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsScrapeOrProbe(context.Request.Path))
                    .AddHttpClientInstrumentation()
                    .AddEntityFrameworkCoreInstrumentation();
                if (redis)
                {
                    tracing.AddRedisInstrumentation(); // without Redis (embedded mode) the instrumentation is not loaded
                }
            })
            .WithMetrics(metrics => metrics
                .AddMeter(MarketTelemetry.Name)
                .AddMeter(NatsInstrumentationName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddView(BoundedStream)
                .AddPrometheusExporter())
            .WithLogging();
        if (exporting)
        {
            telemetry.UseOtlpExporter(); // traces, metrics and logs; protocol and headers from the standard OTEL_* variables
        }

        return builder;
    }

    /// <summary>
    /// Without an exporter nobody reads a span, so a request starts none of its own (the hot reads then pay no
    /// tracing work); a caller that sends a sampled <c>traceparent</c> still gets its trace continued, so log
    /// lines keep their trace ids. With an exporter every request is traced, as before.
    /// </summary>
    private static Sampler RootSampler(bool exporting) =>
        new ParentBasedSampler(exporting ? new AlwaysOnSampler() : new AlwaysOffSampler());

    /// <summary>
    /// Each metric stream allocates its whole cardinality limit of points up front (about 72 bytes each): the SDK's
    /// default of 2,000 made ~150 KB per stream, 8 MB of large-object heap for Market's ~55 streams, nearly all of it
    /// never used. Market's own instruments carry a handful of values per tag (task type and outcome, source id), and the
    /// runtime's fewer; only the HTTP durations grow with the routes, methods and status codes seen. A series past its
    /// limit is still counted, under the SDK's overflow attribute.
    /// </summary>
    private static MetricStreamConfiguration BoundedStream(Instrument instrument) => new()
    {
        CardinalityLimit = instrument.Name.StartsWith("http.", StringComparison.Ordinal) ? HttpSeriesLimit : SeriesLimit,
    };

    /// <summary>Health probes and scrapes come every few seconds: tracing them would bury the requests that matter.</summary>
    private static bool IsScrapeOrProbe(PathString path) =>
        path.StartsWithSegments("/healthz", StringComparison.Ordinal) || path.StartsWithSegments(MetricsEndpoint.Path, StringComparison.Ordinal);

    /// <summary>
    /// <c>Market:Logging:Json=true</c> (or the standard <c>Logging:Console:FormatterName=json</c>): one JSON object per
    /// line, UTC timestamps, and the trace and span ids of the current activity on each line logged within one.
    /// The default console format stays the readable one.
    /// </summary>
    private static void AddJsonConsoleWhenAsked(this WebApplicationBuilder builder)
    {
        var json = builder.Configuration.GetValue<bool>("Market:Logging:Json")
            || string.Equals(builder.Configuration["Logging:Console:FormatterName"], ConsoleFormatterNames.Json, StringComparison.OrdinalIgnoreCase);
        if (!json)
        {
            return;
        }

        builder.Logging.AddJsonConsole(o =>
        {
            o.IncludeScopes = true; // the trace and span ids travel as a scope
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
        });
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
    }
}
