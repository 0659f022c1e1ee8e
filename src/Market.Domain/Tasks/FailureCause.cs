namespace Market.Domain.Tasks;

/// <summary>
/// Why an operation failed, was refused or timed out: a closed set, documented in docs/failures.md. The wire spells
/// each in lower_snake (<see cref="FailureCauses.Wire"/>). The preflight's blocker codes are the same set plus
/// <see cref="AlreadyInstalled"/>, <see cref="NameConflict"/> and <see cref="AdminOnly"/>.
/// </summary>
public enum FailureCause
{
    Unknown,
    ImagePull,
    DiskFull,
    InsufficientMemory,
    InsufficientCpu,
    GpuUnavailable,
    ArchUnsupported,
    OlaresVersion,
    EnvMissing,
    EnvInvalid,
    DependencyMissing,
    Conflict,
    ComputeModeRequired,
    PurchaseRequired,
    RuntimeRefused,
    RuntimeUnreachable,
    Timeout,
    Canceled,

    /// <summary>An upgraded app did not become healthy (issue 19's rollback starts from it).</summary>
    Unhealthy,

    /// <summary>Preflight only: the app is already installed.</summary>
    AlreadyInstalled,

    /// <summary>Preflight only: another app already uses the name or an entrance of this one.</summary>
    NameConflict,

    /// <summary>Preflight only: the app is for administrators and the caller is not one.</summary>
    AdminOnly,
}

public static class FailureCauses
{
    private static readonly Dictionary<string, FailureCause> ByWire =
        Enum.GetValues<FailureCause>().ToDictionary(Wire, c => c, StringComparer.Ordinal);

    public static IReadOnlyCollection<string> AllWire => ByWire.Keys;

    public static string Wire(FailureCause cause) => WireNames.Snake(cause.ToString());

    public static FailureCause? Parse(string? wire) =>
        wire is not null && ByWire.TryGetValue(wire.Trim().ToLowerInvariant(), out var cause) ? cause : null;
}
