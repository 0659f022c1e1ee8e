using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Market.Domain.Packages.Manifests;
using static Market.Domain.Packages.Manifests.ManifestJson;

namespace Market.Application.Packages.Loading;

/// <summary>
/// Opens an uploaded chart and applies the rules in the checker's order: archive limits, folder
/// layout, Chart.yaml, the manifest (template syntax, YAML, field and cross-field rules), then the
/// name/version consistency between folder, Chart.yaml and manifest. Every failure is a 400 whose
/// message names the file and the problem; the data lists every manifest violation.
/// </summary>
public static class ChartPackageLoader
{
    public const string ManifestFile = "OlaresManifest.yaml";
    private const string LegacyManifestFile = "TerminusManifest.yaml";

    public static async Task<LoadedChart> LoadAsync(
        IChartArchiveReader archives, IYamlDocumentReader yaml, Stream content, CancellationToken cancellationToken)
    {
        var archive = await archives.ReadAsync(content, cancellationToken);
        var manifestFile = archive.Files.ContainsKey(ManifestFile) ? ManifestFile
            : archive.Files.ContainsKey(LegacyManifestFile) ? LegacyManifestFile
            : null;
        var layout = new ChartLayout(archive.Folder, archive.Files.ContainsKey("Chart.yaml"),
            archive.Paths.Contains("values.yaml"), archive.HasTemplates, manifestFile is not null);
        Reject(ChartFolderRules.CheckLayout(layout));

        var chart = ReadChart(yaml, archive);
        Reject(ChartFolderRules.CheckChart(chart, archive.Folder));

        var manifest = ReadManifest(yaml, Decode(archive.Files[manifestFile!]), manifestFile!);
        var errors = ManifestValidator.Validate(manifest);
        if (errors.Count > 0)
        {
            throw ManifestRejected(errors);
        }

        var metadata = Object(manifest, "metadata");
        var name = Text(metadata, "name");
        var version = Text(metadata, "version");
        Reject(ChartFolderRules.CheckConsistency(chart, archive.Folder, name, version));

        manifest["i18n"] = ReadLocalisations(yaml, archive);
        var appIdSource = Text(metadata, "appid").Trim();
        var appId = AppIdOf(appIdSource.Length > 0 ? appIdSource : name);
        return new LoadedChart(name, version, appId, NormalizeType(Text(manifest, "olaresManifest.type")), chart, manifest);
    }

    /// <summary>First 8 hex characters of the MD5 of the app id (the original's upload identity rule).</summary>
#pragma warning disable CA5351 // An identifier the original derives with MD5, not a security digest.
    public static string AppIdOf(string value) =>
        Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(value)))[..8];
#pragma warning restore CA5351

    /// <summary>The catalog's app type: <c>middleware</c> when the manifest type says so, else <c>app</c>.</summary>
    public static string NormalizeType(string manifestType) =>
        manifestType.Contains("middleware", StringComparison.OrdinalIgnoreCase) ? "middleware" : "app";

    private static ChartInfo ReadChart(IYamlDocumentReader yaml, ChartArchive archive)
    {
        var text = Decode(archive.Files["Chart.yaml"]);
        JsonNode? node;
        try
        {
            node = yaml.Read(text, "Chart.yaml");
        }
        catch (BadRequestException ex)
        {
            throw new BadRequestException($"failed to parse Chart.yaml in folder \"{archive.Folder}\": {ex.Message}");
        }

        var chart = node as JsonObject;
        return new ChartInfo(Text(chart, "apiVersion"), Text(chart, "name"), Text(chart, "version"), Text(chart, "appVersion"));
    }

    private static JsonObject ReadManifest(IYamlDocumentReader yaml, string text, string file)
    {
        var probe = ManifestProbe.Read(text);
        if (TemplateSyntax.FindOutsideStrings(text) is { } template)
        {
            if (probe.IsLegacyTemplate)
            {
                // Legacy manifests are Go templates; rendering one needs the installing user, which an
                // upload does not have. Refused with a clear message rather than guessed at.
                throw new BadRequestException(
                    $"{ManifestFile}: line {template.Line}: template syntax (\"{template.Delimiter}\") is not supported in uploaded manifests; render the manifest for one user or quote the value");
            }

            throw new BadRequestException(
                $"{ManifestFile}: parse manifest: line {template.Line}: \"{template.Delimiter}\" is template syntax outside any YAML string value and is not allowed for olaresManifest.version >= 0.12.0; quote the value or move it into a `|`/`>` block scalar (literal `{{{{` / `}}}}` / `{{{{ ... }}}}` are still allowed *inside* YAML strings)");
        }

        if (yaml.Read(text, ManifestFile) is not JsonObject manifest)
        {
            throw new BadRequestException($"{ManifestFile}: parse manifest: the document must be a mapping of manifest keys");
        }

        if (file == LegacyManifestFile || Get(manifest, "olaresManifest.version") is null)
        {
            // Terminus-era manifests carry the same fields under terminusManifest.*.
            foreach (var key in new[] { "version", "type" })
            {
                if (Get(manifest, "olaresManifest." + key) is null && Get(manifest, "terminusManifest." + key) is { } legacy)
                {
                    manifest["olaresManifest." + key] = legacy.DeepClone();
                }
            }
        }

        return manifest;
    }

    /// <summary>Locale-major localisations: <c>{"zh-CN": {"metadata": {title, description}, "spec": {fullDescription, upgradeDescription}}}</c>.</summary>
    private static JsonObject ReadLocalisations(IYamlDocumentReader yaml, ChartArchive archive)
    {
        var result = new JsonObject();
        foreach (var (path, bytes) in archive.Files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var parts = path.Split('/');
            if (parts.Length != 3 || parts[0] != "i18n" || parts[2] != ManifestFile)
            {
                continue;
            }

            if (yaml.Read(Decode(bytes), path) is not JsonObject localised)
            {
                continue;
            }

            var block = new JsonObject();
            AddTexts(block, "metadata", Object(localised, "metadata"), "title", "description");
            AddTexts(block, "spec", Object(localised, "spec"), "fullDescription", "upgradeDescription");
            if (block.Count > 0)
            {
                result[parts[1]] = block;
            }
        }

        return result;
    }

    private static void AddTexts(JsonObject target, string blockName, JsonObject? source, params string[] keys)
    {
        var block = new JsonObject();
        foreach (var key in keys)
        {
            var text = Text(source, key);
            if (text.Length > 0)
            {
                block[key] = text;
            }
        }

        if (block.Count > 0)
        {
            target[blockName] = block;
        }
    }

    private static string Decode(byte[] bytes) => Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF');

    private static void Reject(string? problem)
    {
        if (problem is not null)
        {
            throw new BadRequestException(problem);
        }
    }

    private static BadRequestException ManifestRejected(IReadOnlyList<ManifestError> errors)
    {
        var more = errors.Count > 1 ? $" (and {errors.Count - 1} more)" : string.Empty;
        return new BadRequestException($"{ManifestFile}: {errors[0].Describe()}{more}")
        {
            Data0 = new JsonObject
            {
                ["errors"] = new JsonArray(errors.Select(e => (JsonNode)new JsonObject { ["path"] = e.Path, ["message"] = e.Message }).ToArray()),
            },
        };
    }
}
