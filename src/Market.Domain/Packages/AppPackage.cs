namespace Market.Domain.Packages;

/// <summary>An uploaded chart package (.tgz) of one version, owned by the user who uploaded it.</summary>
public class AppPackage
{
    private AppPackage()
    {
    }

    public AppPackage(string owner, string sourceId, string name, string version)
    {
        Owner = owner;
        SourceId = sourceId;
        Name = name;
        Version = version;
    }

    public long Id { get; private set; }

    public string Owner { get; private set; } = string.Empty;

    public string SourceId { get; private set; } = string.Empty;

    public string Name { get; private set; } = string.Empty;

    public string Version { get; private set; } = string.Empty;

    public string AppId { get; set; } = string.Empty;

    public string Sha256 { get; set; } = string.Empty;

    public long Size { get; set; }

    /// <summary>Key of the archive in the package store.</summary>
    public string StorageKey { get; set; } = string.Empty;

    /// <summary>The parsed manifest as JSON.</summary>
    public string ManifestJson { get; set; } = "{}";

    public DateTime CreatedAt { get; set; }
}
