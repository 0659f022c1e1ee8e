using System.Text.Json;
using System.Text.RegularExpressions;
using Market.Domain.Apps;

namespace Market.Domain.Preinstall;

/// <summary>
/// A <c>preinstall-&lt;trunk&gt;.json</c> file of <c>PREINSTALL_DIR</c> (olares-current §4), validated as a whole:
/// schema <c>"2"</c> only, at most <see cref="MaxBytes"/> and <see cref="MaxApps"/> apps, no duplicate app ids,
/// names or payload paths, no secret-like env keys, and a local entry with its version, chart path, chart
/// sha256 and app entry. One error refuses the file: nothing of a half-valid declaration is installed.
/// </summary>
public sealed partial class PreinstallDeclaration
{
    public const long MaxBytes = 8L * 1024 * 1024;
    public const int MaxApps = 256;
    public const string SchemaVersion = "2";

    private PreinstallDeclaration(string fileName, string trunk, IReadOnlyList<PreinstallApp> apps)
    {
        FileName = fileName;
        Trunk = trunk;
        Apps = apps;
    }

    public string FileName { get; }

    /// <summary>The trunk OS version the file is for (<c>1.12.7</c>).</summary>
    public string Trunk { get; }

    /// <summary>The apps in install order (<c>installOrder</c>, then as declared).</summary>
    public IReadOnlyList<PreinstallApp> Apps { get; }

    /// <summary>The trunk of a declaration file name, or null when the name is not <c>preinstall-&lt;trunk&gt;.json</c>.</summary>
    public static string? TrunkOf(string fileName) => FileNamePattern().Match(fileName) is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>Parses and validates; <paramref name="errors"/> names every problem found (empty when valid).</summary>
    public static PreinstallDeclaration? Parse(string fileName, ReadOnlySpan<byte> content, out List<string> errors)
    {
        errors = [];
        var trunk = TrunkOf(fileName);
        if (trunk is null)
        {
            errors.Add($"file name '{fileName}' is not preinstall-<version>.json");
            return null;
        }

        if (content.Length > MaxBytes)
        {
            errors.Add($"file is {content.Length} bytes, more than the {MaxBytes} allowed");
            return null;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(content.ToArray(), new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException ex)
        {
            errors.Add($"not valid JSON ({ex.Message})");
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                errors.Add("the declaration must be a JSON object");
                return null;
            }

            var schema = Str(root, "schemaVersion");
            if (schema != SchemaVersion)
            {
                errors.Add($"schemaVersion '{schema}' is not supported (only \"{SchemaVersion}\")");
                return null;
            }

            if (!root.TryGetProperty("apps", out var appsNode) || appsNode.ValueKind != JsonValueKind.Array)
            {
                errors.Add("apps must be an array");
                return null;
            }

            if (appsNode.GetArrayLength() > MaxApps)
            {
                errors.Add($"apps has {appsNode.GetArrayLength()} entries, more than the {MaxApps} allowed");
                return null;
            }

            var apps = new List<PreinstallApp>();
            var index = 0;
            foreach (var node in appsNode.EnumerateArray())
            {
                if (ParseApp(node, $"apps[{index++}]", errors) is { } app)
                {
                    apps.Add(app);
                }
            }

            CheckUnique(apps.Select(a => a.AppId), "appId", errors);
            CheckUnique(apps.Select(a => a.AppName), "appName", errors);
            CheckUnique(PayloadPaths(appsNode), "payload path", errors);
            return errors.Count > 0 ? null : new PreinstallDeclaration(fileName, trunk, [.. apps.OrderBy(a => a.InstallOrder)]);
        }
    }

    private static PreinstallApp? ParseApp(JsonElement node, string at, List<string> errors)
    {
        if (node.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{at} must be an object");
            return null;
        }

        var before = errors.Count;
        var appId = Required(node, "appId", at, errors);
        var appName = Required(node, "appName", at, errors);
        if (appName.Length > 0 && !AppNamePattern().IsMatch(appName))
        {
            errors.Add($"{at}.appName '{appName}' is not a valid app name");
        }

        var scope = Str(node, "installScope");
        if (scope is not (PreinstallApp.Shared or PreinstallApp.PerUser))
        {
            errors.Add($"{at}.installScope must be \"shared\" or \"per-user\"");
        }

        var order = node.TryGetProperty("installOrder", out var o) && o.ValueKind == JsonValueKind.Number && o.TryGetInt32(out var n) && n >= 0 ? n : -1;
        if (order < 0)
        {
            errors.Add($"{at}.installOrder must be an integer >= 0");
        }

        var source = Str(node, "chartSource");
        if (source is not (PreinstallApp.Catalog or PreinstallApp.Local))
        {
            errors.Add($"{at}.chartSource must be \"catalog\" or \"local\"");
        }

        string? version = null, chart = null, sha = null;
        if (source == PreinstallApp.Local)
        {
            version = Required(node, "version", at, errors);
            chart = Required(node, "chart", at, errors);
            sha = Required(node, "chartSha256", at, errors);
            if (chart.Length > 0 && !IsPayloadPath(chart, ".tgz", "chart/", "charts/"))
            {
                errors.Add($"{at}.chart '{chart}' must be a .tgz under chart/ or charts/");
            }

            if (sha.Length > 0 && !Sha256Pattern().IsMatch(sha))
            {
                errors.Add($"{at}.chartSha256 must be 64 hex digits");
            }

            if (!node.TryGetProperty("appEntry", out var entry) || entry.ValueKind != JsonValueKind.Object)
            {
                errors.Add($"{at}.appEntry (an object) is required for a local chart");
            }
        }

        var envs = Envs(node, at, errors);
        CheckArtifacts(node, at, errors);
        return errors.Count > before
            ? null
            : new PreinstallApp(appId, appName, scope!, order, source!, version, chart, sha?.ToLowerInvariant(), NullIfEmpty(Str(node, "selectedGpuType")), envs);
    }

    private static Dictionary<string, string> Envs(JsonElement node, string at, List<string> errors)
    {
        var envs = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!node.TryGetProperty("envs", out var given) || given.ValueKind == JsonValueKind.Null)
        {
            return envs;
        }

        if (given.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{at}.envs must be an object of names and values");
            return envs;
        }

        foreach (var env in given.EnumerateObject())
        {
            if (SecretEnvs.IsSecret(env.Name, string.Empty))
            {
                // The folder is world-readable on the host: a secret there is a leak, so the file is refused.
                errors.Add($"{at}.envs key '{env.Name}' looks like a secret; secrets cannot be declared in a preinstall file");
            }
            else if (env.Value.ValueKind != JsonValueKind.String)
            {
                errors.Add($"{at}.envs.{env.Name} must be a string");
            }
            else
            {
                envs[env.Name] = env.Value.GetString()!;
            }
        }

        return envs;
    }

    private static void CheckArtifacts(JsonElement node, string at, List<string> errors)
    {
        if (!node.TryGetProperty("artifacts", out var artifacts) || artifacts.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        if (artifacts.ValueKind != JsonValueKind.Array || artifacts.GetArrayLength() > 1)
        {
            errors.Add($"{at}.artifacts must be an array of at most one artifact");
            return;
        }

        foreach (var artifact in artifacts.EnumerateArray())
        {
            if (Str(artifact, "kind") != "hf-cache")
            {
                errors.Add($"{at}.artifacts[0].kind must be \"hf-cache\"");
            }

            if (!RepoPattern().IsMatch(Str(artifact, "repo")))
            {
                errors.Add($"{at}.artifacts[0].repo must be owner/repo");
            }

            if (!RevisionPattern().IsMatch(Str(artifact, "revision")))
            {
                errors.Add($"{at}.artifacts[0].revision must be 40 hex digits");
            }

            if (!IsPayloadPath(Str(artifact, "manifest"), ".json"))
            {
                errors.Add($"{at}.artifacts[0].manifest must be a relative .json path");
            }

            if (!Sha256Pattern().IsMatch(Str(artifact, "manifestSha256")))
            {
                errors.Add($"{at}.artifacts[0].manifestSha256 must be 64 hex digits");
            }
        }
    }

    /// <summary>Every file a declaration points into the folder at: two apps may not share one.</summary>
    private static IEnumerable<string> PayloadPaths(JsonElement apps)
    {
        foreach (var app in apps.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.Object))
        {
            if (Str(app, "chart") is { Length: > 0 } chart)
            {
                yield return chart;
            }

            if (app.TryGetProperty("artifacts", out var artifacts) && artifacts.ValueKind == JsonValueKind.Array)
            {
                foreach (var manifest in artifacts.EnumerateArray().Select(a => Str(a, "manifest")).Where(m => m.Length > 0))
                {
                    yield return manifest;
                }
            }
        }
    }

    private static bool IsPayloadPath(string path, string extension, params string[] roots) =>
        path.EndsWith(extension, StringComparison.Ordinal)
        && !path.StartsWith('/') && !path.Contains('\\', StringComparison.Ordinal)
        && !path.Split('/').Any(part => part is "" or "." or "..")
        && (roots.Length == 0 || roots.Any(r => path.StartsWith(r, StringComparison.Ordinal)));

    private static void CheckUnique(IEnumerable<string> values, string what, List<string> errors)
    {
        foreach (var duplicate in values.Where(v => v.Length > 0).GroupBy(v => v, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            errors.Add($"{what} '{duplicate.Key}' is declared more than once");
        }
    }

    private static string Required(JsonElement node, string key, string at, List<string> errors)
    {
        var value = Str(node, key);
        if (value.Length == 0)
        {
            errors.Add($"{at}.{key} is required");
        }

        return value;
    }

    private static string Str(JsonElement node, string key) =>
        node.ValueKind == JsonValueKind.Object && node.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!.Trim()
            : string.Empty;

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    [GeneratedRegex(@"^preinstall-([0-9][0-9A-Za-z.]*)\.json$", RegexOptions.CultureInvariant)]
    private static partial Regex FileNamePattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex AppNamePattern();

    [GeneratedRegex("^[0-9a-fA-F]{64}$", RegexOptions.CultureInvariant)]
    private static partial Regex Sha256Pattern();

    [GeneratedRegex("^[0-9a-f]{40}$", RegexOptions.CultureInvariant)]
    private static partial Regex RevisionPattern();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex RepoPattern();
}
