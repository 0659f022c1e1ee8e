namespace Market.Domain.Packages.Manifests;

/// <summary>
/// What a manifest says about itself before it is parsed: a line scan (tolerant of <c>{{ … }}</c>)
/// for the first top-level <c>olaresManifest.version</c> (or the legacy <c>terminusManifest.version</c>)
/// and <c>apiVersion</c>. A missing apiVersion means <c>v1</c>.
/// </summary>
public sealed record ManifestProbe(string ManifestVersion, string ApiVersion)
{
    public static readonly SemanticVersion ModernSince = SemanticVersion.Create(0, 12, 0);

    /// <summary>True for <c>olaresManifest.version &gt;= 0.12.0</c>: parsed literally, no template render.</summary>
    public bool IsModern => SemanticVersion.TryParse(ManifestVersion, out var version) && version >= ModernSince;

    /// <summary>True when the file is a Helm/Go template that must be rendered before it is parsed.</summary>
    public bool IsLegacyTemplate => SemanticVersion.TryParse(ManifestVersion, out var version) && version < ModernSince;

    public static ManifestProbe Read(string text)
    {
        string? manifestVersion = null;
        string? apiVersion = null;
        foreach (var rawLine in text.TrimStart('\uFEFF').Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            if (line.Length == 0 || line[0] is ' ' or '\t' or '-' or '#')
            {
                continue;
            }

            if (manifestVersion is null && (TryValue(line, "olaresManifest.version:", out var v) || TryValue(line, "terminusManifest.version:", out v)))
            {
                manifestVersion = v;
            }
            else if (apiVersion is null && TryValue(line, "apiVersion:", out var a))
            {
                apiVersion = a;
            }
        }

        return new ManifestProbe(manifestVersion ?? string.Empty, string.IsNullOrEmpty(apiVersion) ? "v1" : apiVersion);
    }

    private static bool TryValue(string line, string key, out string value)
    {
        value = string.Empty;
        if (!line.StartsWith(key, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = line[key.Length..].Trim();
        if (rest.Length >= 2 && (rest[0] == '\'' || rest[0] == '"'))
        {
            var end = rest.IndexOf(rest[0], 1);
            value = end > 0 ? rest[1..end] : rest[1..];
            return true;
        }

        var comment = rest.IndexOf(" #", StringComparison.Ordinal);
        value = (comment >= 0 ? rest[..comment] : rest).Trim();
        return true;
    }
}
