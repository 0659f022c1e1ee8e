namespace Market.Application.Common.Exceptions;

/// <summary>
/// An uploaded chart supports none of the cluster's node architectures. The API answers 422 with the
/// envelope-level <c>code</c> <see cref="Code"/> and both lists in <c>data</c>, which <c>olares-cli market upload</c>
/// reads (newer-clients §2).
/// </summary>
public sealed class ArchitectureIncompatibleException(IReadOnlyList<string> manifestArchitectures, IReadOnlyList<string> clusterArchitectures)
    : Exception($"manifest architectures [{string.Join(' ', manifestArchitectures)}] do not match cluster architectures [{string.Join(' ', clusterArchitectures)}]")
{
    public const string Code = "architecture_incompatible";

    public IReadOnlyList<string> ManifestArchitectures { get; } = manifestArchitectures;

    public IReadOnlyList<string> ClusterArchitectures { get; } = clusterArchitectures;
}
