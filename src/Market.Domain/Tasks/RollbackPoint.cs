namespace Market.Domain.Tasks;

/// <summary>
/// What going back from an upgrade needs, recorded when the upgrade is accepted (issue 19 §4): the version and
/// source then installed, the exact chart it was installed from, and its install-time envs: <see cref="EnvsJson"/>
/// holds the stored envs (secret ones without their value) and <see cref="SealedSecrets"/> the secret values,
/// sealed by the same Data Protection path as a task's pending secrets. Nothing here is shown in any view.
/// </summary>
public sealed record RollbackPoint(string Version, string SourceId, ChartReference? Chart, string EnvsJson, string? SealedSecrets)
{
    /// <summary>An upgrade recorded before rollback points existed: only the version and source are known.</summary>
    public bool IsComplete => Chart is not null;
}
