namespace Market.Application.Common.Exceptions;

/// <summary>
/// An install-time check found a blocker the caller cannot get past by retrying (e.g. the cluster's Olares
/// version is outside what the app requires). The API answers 422 with the envelope-level <c>code</c>
/// <see cref="Blocker"/> and the check's facts in <c>data</c>, so a client can tell the causes apart.
/// </summary>
public sealed class InstallBlockedException(string blocker, string message, object? details = null) : MarketException(message)
{
    /// <summary>The blocker's code (<see cref="Apps.Operations.OlaresVersionCheck.Blocker"/> …).</summary>
    public string Blocker { get; } = blocker;

    public object? Facts { get; } = details;
}
