using Market.Application.Common.Exceptions;
using Market.Api.Infrastructure.Http;
using Market.Domain.Common;
using Market.Application.Common.Interfaces;
using Microsoft.AspNetCore.Diagnostics;

namespace Market.Api.Infrastructure.Envelope;

/// <summary>
/// The one place where errors become responses: every exception ends as an envelope, its status chosen
/// by the exception's type (the exceptions themselves know nothing of HTTP). Unexpected ones are logged
/// and answered 500 with the route's <see cref="FailureMessageAttribute"/> message, else
/// <c>Internal server error</c>, without detail.
/// </summary>
public sealed partial class EnvelopeExceptionHandler(IOutageClassifier outages, ILogger<EnvelopeExceptionHandler> logger) : IExceptionHandler
{
    public const string InternalErrorMessage = "Internal server error";

    public const string UnavailableMessage = "Service temporarily unavailable";

    /// <summary>Seconds a client should wait before retrying after a database or Redis outage.</summary>
    public const int RetryAfterSeconds = 2;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (outages.IsTransient(exception))
        {
            // The database or Redis is away: the client did nothing wrong and may retry shortly.
            LogUnavailable(logger, httpContext.Request.Method, httpContext.Request.Path, exception.GetType().Name);
            if (!httpContext.Response.HasStarted)
            {
                httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            await EnvelopeWriter.WriteAsync(httpContext, StatusCodes.Status503ServiceUnavailable, ApiEnvelope.Fail(UnavailableMessage));
            return true;
        }

        var (status, envelope) = Map(exception);
        if (status >= 500 && exception is not RuntimeRefusedException)
        {
            LogUnexpected(logger, httpContext.Request.Method, httpContext.Request.Path, exception);
        }

        var endpoint = httpContext.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? httpContext.GetEndpoint();
        if (envelope.Message == InternalErrorMessage && endpoint?.Metadata.GetMetadata<FailureMessageAttribute>() is { } route)
        {
            envelope = ApiEnvelope.Fail(route.Message); // the route's own words for an unexpected failure
        }

        await EnvelopeWriter.WriteAsync(httpContext, status, envelope);
        return true;
    }

    public static (int Status, ApiEnvelope Envelope) Map(Exception exception) => exception switch
    {
        InstallBlockedException blocked => (StatusCodes.Status422UnprocessableEntity, new ApiEnvelope
        {
            Message = blocked.Message,
            Code = blocked.Blocker,
            Data = blocked.Facts,
        }),
        MarketException market => (StatusOf(market), ApiEnvelope.Fail(market.Message, market.Details)),
        ArchitectureIncompatibleException arch => (StatusCodes.Status422UnprocessableEntity, new ApiEnvelope
        {
            Message = arch.Message,
            Code = ArchitectureIncompatibleException.Code,
            Data = new Dictionary<string, IReadOnlyList<string>>
            {
                ["manifest_architectures"] = arch.ManifestArchitectures,
                ["cluster_architectures"] = arch.ClusterArchitectures,
            },
        }),
        DomainException { Kind: DomainErrorKind.NotFound } domain => (StatusCodes.Status404NotFound, ApiEnvelope.Fail(domain.Message)),
        DomainException { Kind: DomainErrorKind.Invalid } domain => (StatusCodes.Status400BadRequest, ApiEnvelope.Fail(domain.Message)),
        DomainException domain => (StatusCodes.Status409Conflict, ApiEnvelope.Fail(domain.Message)),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
            (StatusCodes.Status413PayloadTooLarge, ApiEnvelope.Fail("Request body too large")),
        _ when MalformedBody.Describe(exception) is { } malformed => (StatusCodes.Status400BadRequest, ApiEnvelope.Fail(malformed)),
        BadHttpRequestException bad => (bad.StatusCode, ApiEnvelope.Fail("Bad request")),
        OperationCanceledException => (499, ApiEnvelope.Fail("Request canceled")),
        _ => (StatusCodes.Status500InternalServerError, ApiEnvelope.Fail(InternalErrorMessage)),
    };

    /// <summary>The status of each typed use-case failure.</summary>
    private static int StatusOf(MarketException exception) => exception switch
    {
        BadRequestException or RequestValidationException => StatusCodes.Status400BadRequest,
        UnauthorizedException => StatusCodes.Status401Unauthorized,
        ForbiddenException => StatusCodes.Status403Forbidden,
        NotFoundException => StatusCodes.Status404NotFound,
        ConflictException => StatusCodes.Status409Conflict,
        PayloadTooLargeException => StatusCodes.Status413PayloadTooLarge,
        ServiceUnavailableException => StatusCodes.Status503ServiceUnavailable,
        PreflightBlockedException => StatusCodes.Status422UnprocessableEntity,
        RuntimeRefusedException { AsksForChoice: true } => StatusCodes.Status422UnprocessableEntity,
        RuntimeRefusedException or InternalServerException => StatusCodes.Status500InternalServerError,
        _ => StatusCodes.Status500InternalServerError,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Answered 503 on {Method} {Path}: storage unavailable ({Failure})")]
    private static partial void LogUnavailable(ILogger logger, string method, string path, string failure);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error on {Method} {Path}")]
    private static partial void LogUnexpected(ILogger logger, string method, string path, Exception exception);
}
