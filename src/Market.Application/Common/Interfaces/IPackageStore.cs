namespace Market.Application.Common.Interfaces;

/// <summary>
/// Where chart archives live (a folder on a shared volume). Keys come from <see cref="PackageKeys"/>;
/// a write is atomic (readers see the old archive or the new one, never half of one).
/// </summary>
public interface IPackageStore
{
    /// <summary>Writes <paramref name="content"/> under <paramref name="key"/>, replacing what was there.</summary>
    Task SaveAsync(string key, Stream content, CancellationToken cancellationToken);

    /// <summary>The archive, or null when the key holds nothing.</summary>
    Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken);

    /// <summary>Removes the archive; a missing key is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken);
}

/// <summary>How package keys are formed: one archive per source, owner, app, version and content digest.</summary>
public static class PackageKeys
{
    /// <summary>Folder used for packages that belong to everybody (owner <c>""</c>, e.g. the demo catalog).</summary>
    public const string SharedOwner = "_shared";

    /// <summary>
    /// <c>{source}/{owner}/{name}/{version}-{sha12}.tgz</c>. Each part is already restricted to safe
    /// characters by its own rule (source id, user name, chart folder name, semantic version); the
    /// digest makes a replacement land beside the old file, so a failed upload never damages it.
    /// </summary>
    public static string For(string sourceId, string owner, string name, string version, string sha256) =>
        $"{sourceId}/{(owner.Length == 0 ? SharedOwner : owner)}/{name}/{version}-{sha256[..12]}.tgz";
}
