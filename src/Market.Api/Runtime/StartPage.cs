using System.Text.Encodings.Web;
using Market.Api.Infrastructure.Telemetry;
using Market.Application.Common.Options;
using Microsoft.Extensions.Options;

namespace Market.Api.Runtime;

/// <summary>
/// <c>GET /</c>: where a newcomer lands. Links to the dashboards, the API reference, readiness and metrics,
/// with this build's version and run mode. Public like <c>/healthz</c> and <c>/scalar</c>: it shows no data
/// beyond that; every value is HTML-encoded and the page is served under the dashboards' policy.
/// </summary>
public static class StartPage
{
    public const string Path = "/";

    private static readonly (string Href, string Label, string Note)[] Links =
    [
        ("/app-store/api/v2/runtime/dashboard", "Runtime State Dashboard", "sources, tasks, app states, components (admin)"),
        ("/app-store/api/v2/runtime/dashboard-app", "App Processing Flow Dashboard", "each app's way from catalog to running (admin)"),
        ("/scalar", "API reference", "browse and try the API"),
        ("/openapi/v1.json", "OpenAPI document", "the API description"),
        ("/healthz/ready", "Readiness", "database and Redis health"),
        (MetricsEndpoint.Path, "Metrics", "Prometheus text format (admin)"),
    ];

    public static IEndpointRouteBuilder MapStartPage(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, Render).ExcludeFromDescription();
        return endpoints;
    }

    private static HtmlPageResult Render(IOptions<StorageOptions> storage, IOptions<HotStateOptions> hotState, IOptions<RuntimeOptions> runtime)
    {
        var embedded = !storage.Value.IsPostgres && !hotState.Value.IsRedis && runtime.Value.Kind != RuntimeProvider.Olares;
        var mode = $"{(embedded ? "embedded" : "production")} (storage {storage.Value.Provider}, hot state {hotState.Value.Provider}, runtime {runtime.Value.Provider})";
        var e = HtmlEncoder.Default;
        var items = string.Concat(Links.Select(l => $"<li><a href=\"{e.Encode(l.Href)}\">{e.Encode(l.Label)}</a> <span>{e.Encode(l.Note)}</span></li>"));
        return new HtmlPageResult($$"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Market</title>
            <style>
            body{font-family:system-ui,sans-serif;margin:1.5rem;color:#1f2933;background:#f7f9fb;max-width:48rem}
            h1{font-size:1.4rem}ul{padding-left:1.2rem}li{margin:.4rem 0}span{color:#52606d;font-size:.9rem}
            dl{display:grid;grid-template-columns:max-content auto;gap:.3rem 1rem}dt{font-weight:600}
            </style>
            </head>
            <body>
            <h1>Market</h1>
            <dl><dt>Version</dt><dd id="version">{{e.Encode(TelemetryRegistration.ServiceVersion)}}</dd><dt>Run mode</dt><dd id="mode">{{e.Encode(mode)}}</dd></dl>
            <ul id="links">{{items}}</ul>
            <p><span>The API lives under /app-store/api/v2 and needs the gateway's X-Bfl-User header (or Market:Auth:LocalUser on a laptop).</span></p>
            </body>
            </html>
            """);
    }
}
