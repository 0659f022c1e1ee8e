using Market.Application.Common.Runtime;
namespace Market.Application.Common.Exceptions;

/// <summary>
/// The one error channel of a use case: it throws one of these typed exceptions (or a domain rule throws
/// a <c>DomainException</c>) and the Api's <c>EnvelopeExceptionHandler</c> maps each type to its status,
/// in one place. The exceptions say what went wrong, never which HTTP status that is. The message is the
/// envelope's <c>message</c>, so it must be exact and safe to show.
/// </summary>
public abstract class MarketException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>Optional <c>data</c> of the error envelope (e.g. a manifest's errors).</summary>
    public object? Details { get; init; }

    /// <summary>The former name of <see cref="Details"/>, kept while callers move over.</summary>
    public object? Data0
    {
        get => Details;
        init => Details = value;
    }
}

/// <summary>The request is malformed or asks for something invalid.</summary>
public sealed class BadRequestException(string message) : MarketException(message);

/// <summary>No (valid) identity from the gateway.</summary>
public sealed class UnauthorizedException(string message = UnauthorizedException.DefaultMessage) : MarketException(message)
{
    public const string DefaultMessage = "Failed to get user information";
}

/// <summary>The caller may not do this (not an admin, not purchased …).</summary>
public sealed class ForbiddenException(string message = "Admin privileges required") : MarketException(message);

public sealed class NotFoundException(string message) : MarketException(message);

/// <summary>The request clashes with the current state (an operation in progress, a duplicate id).</summary>
public sealed class ConflictException(string message) : MarketException(message);

public sealed class PayloadTooLargeException(string message) : MarketException(message);

/// <summary>A dependency the request needs is away for now; worth retrying.</summary>
public sealed class ServiceUnavailableException(string message) : MarketException(message);

/// <summary>A failure the caller cannot fix, answered with the route's own message (e.g. "Failed to retrieve market data").</summary>
public sealed class InternalServerException(string message, Exception? inner = null) : MarketException(message, inner);

/// <summary>
/// The app runtime refused or failed the operation. <see cref="Payload"/> is the task's result the
/// caller reads (with the runtime's <c>backend_response</c>, e.g. a 422 <c>appenv</c> error).
/// </summary>
public sealed class RuntimeRefusedException : MarketException
{
    public RuntimeRefusedException(string message, object? payload = null)
        : base(message) => Details = payload;

    public object? Payload => Details;

    /// <summary>
    /// The runtime asks the caller to choose (a compute failed check, <c>Apps.Operations.ComputeFailedChecks</c>):
    /// the request can succeed once retried with the choice, so it is the caller's to fix (4xx), not a server failure.
    /// </summary>
    public bool AsksForChoice { get; init; }
}

/// <summary>FluentValidation failures; the first failure's message names the field.</summary>
public sealed class RequestValidationException(string message, IReadOnlyList<string> errors) : MarketException(message)
{
    public IReadOnlyList<string> Errors { get; } = errors;
}

/// <summary>An install check failed (preflight blocker): the message names the first, <c>data.blockers</c> lists all.</summary>
public sealed class PreflightBlockedException(string message) : MarketException(message);
