using Market.Domain.Common;
using Market.Domain.Packages.Manifests;

namespace Market.Domain.Updates;

/// <summary>
/// One user's choice about the updates of one installed app (a clone has its own): hold every update,
/// or skip one version. A skipped version stops being offered; a newer release is offered again.
/// </summary>
public class UpdatePreference
{
    public const int MaxVersionLength = 64;

    private UpdatePreference()
    {
    }

    public UpdatePreference(string userId, string appName, DateTime now)
    {
        UserId = userId;
        AppName = appName;
        UpdatedAt = now;
    }

    public long Id { get; private set; }

    public string UserId { get; private set; } = string.Empty;

    public string AppName { get; private set; } = string.Empty;

    /// <summary>No update of the app is offered or applied by "update all" while held.</summary>
    public bool Held { get; private set; }

    /// <summary>The one release the user skipped (not offered; the others are), or null.</summary>
    public string? SkippedVersion { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    /// <summary>True when the stored choice changed.</summary>
    public bool Hold(bool held, DateTime now)
    {
        if (Held == held)
        {
            return false;
        }

        Held = held;
        UpdatedAt = now;
        return true;
    }

    /// <summary>Skips <paramref name="version"/> (an empty one clears the skip). True when the stored choice changed.</summary>
    public bool Skip(string? version, DateTime now)
    {
        var value = string.IsNullOrWhiteSpace(version) ? null : version.Trim();
        if (value is not null && (value.Length > MaxVersionLength || SemanticVersion.ParseOrNull(value) is null))
        {
            throw new DomainException($"version '{value}' is not a semantic version", DomainErrorKind.Invalid);
        }

        if (SkippedVersion == value)
        {
            return false;
        }

        SkippedVersion = value;
        UpdatedAt = now;
        return true;
    }

    /// <summary>Is the release <paramref name="version"/> one the user skipped?</summary>
    public bool Skips(string version) => SkippedVersion is not null && SkippedVersion == version;
}
