namespace Market.Domain.Common;

/// <summary>What kind of rule a domain operation broke; the API maps each kind to one HTTP status.</summary>
public enum DomainErrorKind
{
    /// <summary>The request is well-formed but asks for something the rules forbid (400).</summary>
    Invalid,

    /// <summary>The thing the request names does not exist (404).</summary>
    NotFound,

    /// <summary>The request clashes with the current state (409).</summary>
    Conflict,
}

/// <summary>A broken business rule. The message is shown to the caller verbatim, so it must be safe and exact.</summary>
public class DomainException(string message, DomainErrorKind kind = DomainErrorKind.Conflict) : Exception(message)
{
    public DomainErrorKind Kind { get; } = kind;
}
