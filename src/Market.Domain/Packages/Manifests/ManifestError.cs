namespace Market.Domain.Packages.Manifests;

/// <summary>One violation of the manifest rules: where (<c>entrances[1].host</c>) and the checker's text.</summary>
public sealed record ManifestError(string Path, string Message)
{
    /// <summary>The message, led by the path unless the message already starts with it.</summary>
    public string Describe() =>
        Path.Length == 0 || Message.StartsWith(Path, StringComparison.Ordinal) ? Message : $"{Path}: {Message}";

    public override string ToString() => Describe();
}
