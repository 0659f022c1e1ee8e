namespace Market.Domain.Sources;

/// <summary>
/// The health of a remote source's catalog as the sources list shows it. A failing source keeps serving
/// its last good catalog; the health says whether that catalog is current and, if not, why.
/// </summary>
public static class SourceHealth
{
    /// <summary>The last sync succeeded recently.</summary>
    public const string Ok = "ok";

    /// <summary>The catalog shown is older than it should be (never synced, partly synced, or no success for long).</summary>
    public const string Stale = "stale";

    /// <summary>The last sync could not reach the source (connection refused, DNS, timeout, 5xx).</summary>
    public const string Unreachable = "unreachable";

    /// <summary>The source answered, but not in the market protocol (4xx, not JSON, no hash or version).</summary>
    public const string Invalid = "invalid";

    /// <summary>Error kind of a cycle where some detail batches failed.</summary>
    public const string PartialError = "partial";

    /// <param name="lastErrorKind">Null after a successful cycle; <see cref="Unreachable"/>, <see cref="Invalid"/> or <see cref="PartialError"/> otherwise.</param>
    /// <param name="freshFor">How long a success counts as current.</param>
    public static string Of(string? lastErrorKind, DateTime? lastSuccessAt, DateTime now, TimeSpan freshFor) => lastErrorKind switch
    {
        Unreachable => Unreachable,
        Invalid => Invalid,
        not null => Stale,
        _ => lastSuccessAt is { } success && now - success <= freshFor ? Ok : Stale,
    };
}
