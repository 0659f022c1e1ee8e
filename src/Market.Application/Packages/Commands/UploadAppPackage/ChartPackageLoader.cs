using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Market.Domain.Packages.Manifests;
using static Market.Domain.Packages.Manifests.ManifestJson;

namespace Market.Application.Packages.Commands.UploadAppPackage;

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
        IChartArchiveReader archives, IYamlDocumentReader yaml, Stream content, ManifestRenderContext render, CancellationToken cancellationToken)
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

        var text = Decode(archive.Files[manifestFile!]);
        var manifest = ManifestProbe.Read(text).IsLegacyTemplate && text.Contains("{{", StringComparison.Ordinal)
            ? LoadLegacyTemplate(yaml, text, manifestFile!, archive.Folder, chart, render)
            : LoadLiteral(yaml, text, manifestFile!);

        var metadata = Object(manifest, "metadata");
        var name = Text(metadata, "name");
        var version = Text(metadata, "version");
        Reject(ChartFolderRules.CheckConsistency(chart, archive.Folder, name, version));

        manifest["i18n"] = ReadLocalisations(yaml, archive, manifest);
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

    /// <summary>A manifest parsed as written (0.12.0 and later, or a legacy one without template actions).</summary>
    private static JsonObject LoadLiteral(IYamlDocumentReader yaml, string text, string file)
    {
        if (ManifestProbe.Read(text).IsModern && TemplateSyntax.FindOutsideStrings(text) is { } template)
        {
            throw new BadRequestException(
                $"{ManifestFile}: parse manifest: line {template.Line}: \"{template.Delimiter}\" is template syntax outside any YAML string value and is not allowed for olaresManifest.version >= 0.12.0; quote the value or move it into a `|`/`>` block scalar (literal `{{{{` / `}}}}` / `{{{{ ... }}}}` are still allowed *inside* YAML strings)");
        }

        var manifest = ReadManifest(yaml, text, file);
        var errors = ManifestValidator.Validate(manifest);
        return errors.Count > 0 ? throw ManifestRejected(errors) : manifest;
    }

    /// <summary>
    /// A legacy manifest is a Go template. As the official checker does, it must pass rendered both for an
    /// owner who is the admin and for one who is not; what is stored is the render for the uploader.
    /// </summary>
    private static JsonObject LoadLegacyTemplate(
        IYamlDocumentReader yaml, string text, string file, string folder, ChartInfo chart, ManifestRenderContext render)
    {
        var errors = new List<ManifestError>();
        foreach (var (label, scenario) in new[]
        {
            ("admin=owner", new ManifestRenderContext("admin", "admin", render.SystemVersion, render.Zone)),
            ("admin!=owner", new ManifestRenderContext("user", "admin", render.SystemVersion, render.Zone)),
        })
        {
            var rendered = ReadManifest(yaml, GoTemplate.Render(text, scenario.ToTemplateRoot(folder, chart), ManifestFile), file);
            errors.AddRange(ManifestValidator.Validate(rendered).Select(e => e with { Scenario = label }));
        }

        if (errors.Count > 0)
        {
            throw ManifestRejected(errors);
        }

        var manifest = ReadManifest(yaml, GoTemplate.Render(text, render.ToTemplateRoot(folder, chart), ManifestFile), file);
        var own = ManifestValidator.Validate(manifest);
        return own.Count > 0 ? throw ManifestRejected(own) : manifest;
    }

    private static JsonObject ReadManifest(IYamlDocumentReader yaml, string text, string file)
    {
        if (yaml.Read(text, ManifestFile) is not JsonObject manifest)
        {
            throw new BadRequestException($"{ManifestFile}: parse manifest: the document must be a mapping of manifest keys");
        }

        ManifestKeys.Canonicalize(manifest);

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

    /// <summary>
    /// Locale-major localisations: <c>{"zh-CN": {"metadata": {title, description}, "spec": {fullDescription, upgradeDescription}}}</c>.
    /// The manifest itself is the en-US text (olares-current §7): an <c>i18n/en-US</c> file, often a release behind,
    /// never overrides it, and that locale shows the manifest's own texts. The files are optional, so one that
    /// cannot be read loses its locale, not the chart.
    /// </summary>
    private static JsonObject ReadLocalisations(IYamlDocumentReader yaml, ChartArchive archive, JsonObject manifest)
    {
        var result = new JsonObject();
        foreach (var (path, bytes) in archive.Files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var parts = path.Split('/');
            if (parts.Length != 3 || parts[0] != "i18n" || parts[2] != ManifestFile)
            {
                continue;
            }

            var localised = parts[1] == ApplicationInfoEntryBuilder.DefaultLocale ? manifest : ReadOptional(yaml, bytes, path);
            if (localised is null)
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

    private static JsonObject? ReadOptional(IYamlDocumentReader yaml, byte[] bytes, string path)
    {
        try
        {
            return yaml.Read(Decode(bytes), path) as JsonObject;
        }
        catch (BadRequestException)
        {
            return null;
        }
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

    private static JsonNode ErrorJson(ManifestError error)
    {
        var json = new JsonObject { ["path"] = error.Path, ["message"] = error.Message };
        if (error.Scenario.Length > 0)
        {
            json["scenario"] = error.Scenario;
        }

        return json;
    }

    private static BadRequestException ManifestRejected(IReadOnlyList<ManifestError> errors)
    {
        var more = errors.Count > 1 ? $" (and {errors.Count - 1} more)" : string.Empty;
        return new BadRequestException($"{ManifestFile}: {errors[0].Describe()}{more}")
        {
            Data0 = new JsonObject
            {
                ["errors"] = new JsonArray(errors.Select(ErrorJson).ToArray()),
            },
        };
    }
}
