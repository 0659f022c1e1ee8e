using Market.Api.Infrastructure.Identity;
using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;

namespace Market.Api.Infrastructure.Telemetry;

/// <summary>
/// <c>GET /metrics</c>: every metric in the Prometheus text format, for admins only (the same 401 / 403
/// envelopes as the admin API). Metric names reveal apps, sources and users' activity, so they are not
/// public; a scraper sends <c>X-Bfl-User</c> of an admin (Prometheus <c>http_headers</c>), or reaches
/// Market through the gateway.
/// </summary>
public static class MetricsEndpoint
{
    public const string Path = "/metrics";

    public static IEndpointRouteBuilder MapMarketMetrics(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPrometheusScrapingEndpoint(Path, meterProvider: null, configureBranchedPipeline: branch => branch.Use(RequireAdminAsync), optionsName: null)
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head]));
        return endpoints;
    }

    private static async Task RequireAdminAsync(HttpContext context, RequestDelegate next)
    {
        if (HttpCurrentUser.TryGetName(context) is null)
        {
            throw new UnauthorizedException();
        }

        var user = context.RequestServices.GetRequiredService<ICurrentUser>();
        if (!UserRoles.IsAdmin(await user.GetRoleAsync(context.RequestAborted)))
        {
            throw new ForbiddenException();
        }

        await next(context);
    }
}
