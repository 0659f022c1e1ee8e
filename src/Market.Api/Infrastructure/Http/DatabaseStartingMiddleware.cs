using System.Globalization;
using Market.Api.Infrastructure.Envelope;
using Market.Application.Common.Interfaces;

namespace Market.Api.Infrastructure.Http;

/// <summary>
/// The API between "listening" and "database ready" (ADR 0023): the process is live at once, but the database is
/// migrated after that, so every API request is answered a 503 envelope saying the service is starting (with
/// <c>Retry-After</c>) until the migrations are applied — never a 500 and never a read of a half-migrated database.
/// The health routes, the start page and the metrics do not need the database and pass; readiness says not-ready
/// through its database check. Once ready, this is one field read per request.
/// </summary>
public sealed class DatabaseStartingMiddleware(RequestDelegate next, IDatabaseStartup database)
{
    public const string StartingMessage = "Service is starting: the database is being prepared; retry shortly";

    private const string ApiPrefix = "/app-store/api";

    private bool _ready;

    public Task InvokeAsync(HttpContext context)
    {
        if (_ready || (_ready = database.IsReady) || !context.Request.Path.StartsWithSegments(ApiPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return next(context);
        }

        context.Response.Headers.RetryAfter = EnvelopeExceptionHandler.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return EnvelopeWriter.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, ApiEnvelope.Fail(StartingMessage));
    }
}
