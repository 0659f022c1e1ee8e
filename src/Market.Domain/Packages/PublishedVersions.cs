using Market.Domain.Packages.Manifests;

namespace Market.Domain.Packages;

/// <summary>
/// A published version's bytes are immutable (the shipped Olares backend's rule, olares-current §5): the same
/// version again is a conflict, and a new upload must supersede the highest version already published.
/// The texts are the shipped backend's, which clients show as they are.
/// </summary>
public static class PublishedVersions
{
    public static string AlreadyExists(string version, string app, string source) =>
        $"version {version} already exists for app {app} in source {source}; bump the version to publish changes";

    public static string DoesNotSupersede(string version, string stored, string app, string source) =>
        $"version {version} does not supersede version {stored} already published for app {app} in source {source}; upload a version higher than {stored}";

    /// <summary>Why <paramref name="version"/> cannot be published beside <paramref name="published"/>, or null when it can.</summary>
    public static string? RefusalFor(string app, string source, string version, IEnumerable<string> published)
    {
        var versions = published.ToList();
        if (versions.Contains(version, StringComparer.Ordinal))
        {
            return AlreadyExists(version, app, source);
        }

        var candidate = SemanticVersion.ParseOrNull(version);
        var highest = versions.Select(SemanticVersion.ParseOrNull).OfType<SemanticVersion>().Max();
        return candidate is not null && highest is not null && candidate.CompareTo(highest) <= 0
            ? DoesNotSupersede(version, highest.Original, app, source)
            : null;
    }
}
