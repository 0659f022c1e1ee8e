namespace Market.Application.Common.Exceptions;

/// <summary>
/// Exceptions a use case throws to end a request with a specific status. The message is the
/// envelope's <c>message</c>, so it must be exact and safe to show. The one place that maps them
/// to HTTP lives in the Api project (<c>EnvelopeExceptionHandler</c>).
/// </summary>
public abstract class MarketException(string message, int statusCode, Exception? inner = null) : Exception(message, inner)
{
    public int StatusCode { get; } = statusCode;

    /// <summary>Optional <c>data</c> of the error envelope (e.g. the runtime's backend_response).</summary>
    public object? Data0 { get; init; }
}

public sealed class BadRequestException(string message) : MarketException(message, 400);

public sealed class UnauthorizedException(string message = UnauthorizedException.DefaultMessage) : MarketException(message, 401)
{
    public const string DefaultMessage = "Failed to get user information";
}

public sealed class ForbiddenException(string message = "Admin privileges required") : MarketException(message, 403);

public sealed class NotFoundException(string message) : MarketException(message, 404);

public sealed class ConflictException(string message) : MarketException(message, 409);

public sealed class PayloadTooLargeException(string message) : MarketException(message, 413);

public sealed class ServiceUnavailableException(string message) : MarketException(message, 503);

/// <summary>A failure the caller cannot fix, answered 500 with the route's own message (e.g. "Failed to retrieve market data").</summary>
public sealed class InternalServerException(string message, Exception? inner = null) : MarketException(message, 500, inner);

/// <summary>FluentValidation failures; the first failure's message names the field.</summary>
public sealed class RequestValidationException(string message, IReadOnlyList<string> errors) : MarketException(message, 400)
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
