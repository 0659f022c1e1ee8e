namespace Market.Domain.Packages.Manifests;

/// <summary>
/// One violation of the manifest rules: where (<c>entrances[1].host</c>) and the checker's text. A legacy
/// template manifest is checked rendered for two owners; <see cref="Scenario"/> names the render
/// (<c>admin=owner</c>, <c>admin!=owner</c>) as the checker does.
/// </summary>
public sealed record ManifestError(string Path, string Message, string Scenario = "")
{
    /// <summary>The message, led by the scenario and by the path unless the message already starts with it.</summary>
    public string Describe() =>
        (Scenario.Length > 0 ? Scenario + ": " : string.Empty)
        + (Path.Length == 0 || Message.StartsWith(Path, StringComparison.Ordinal) ? Message : $"{Path}: {Message}");

    public override string ToString() => Describe();
}
