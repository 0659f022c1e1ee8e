using System.Globalization;
using System.Text.Json.Nodes;
using Market.Domain.Packages.Manifests;
using static Market.Domain.Packages.Manifests.ManifestJson;

namespace Market.Application.Packages.Commands.UploadAppPackage;

/// <summary>
/// Builds the <c>ApplicationInfoEntry</c> of an uploaded chart from its manifest, with every key the
/// web app reads (client-contract §6.3), in the original's key order. Lists are never null, texts are
/// <c>{locale: text}</c> maps (en-US from the manifest, other locales from its i18n files), and an
/// accelerator-only manifest still shows its requirements (taken from the cpu row, else the first).
/// </summary>
public static class ApplicationInfoEntryBuilder
{
    public const string DefaultLocale = "en-US";

    private static readonly string[] DefaultArchitectures = ["amd64", "arm64"];

    private static readonly string[] DefaultCategories = ["Utilities", "Utilities_v112"];

    /// <param name="manifest">The stored manifest (with its <c>i18n</c> block).</param>
    /// <param name="appId">The app id (8 hex).</param>
    /// <param name="zone">The owner's zone for entrance URLs, or null for apps that belong to everybody.</param>
    /// <param name="updatedAt">When the catalog row changed.</param>
    /// <param name="versionHistory">The app's uploaded versions, newest first.</param>
    public static JsonObject Build(JsonObject manifest, string appId, string? zone, DateTime updatedAt, JsonArray versionHistory)
    {
        var metadata = Object(manifest, "metadata");
        var spec = Object(manifest, "spec");
        var i18n = Object(manifest, "i18n") ?? [];
        var name = Text(metadata, "name");
        var version = Text(metadata, "version");
        var resources = Resources(spec);
        var unix = new DateTimeOffset(DateTime.SpecifyKind(updatedAt, DateTimeKind.Utc)).ToUnixTimeSeconds();
        var manifestType = Text(manifest, "olaresManifest.type");

        return new JsonObject
        {
            ["id"] = appId,
            ["name"] = name,
            ["cfgType"] = manifestType.Length == 0 ? "app" : manifestType,
            ["chartName"] = $"{name}-{version}.tgz",
            ["icon"] = Text(metadata, "icon"),
            ["description"] = Localised(Text(metadata, "description"), i18n, "metadata", "description"),
            ["appID"] = appId,
            ["title"] = Localised(Text(metadata, "title"), i18n, "metadata", "title"),
            ["version"] = version,
            ["apiVersion"] = Text(manifest, "apiVersion"),
            ["categories"] = StringList(Strings(metadata, "categories"), DefaultCategories),
            ["versionName"] = Text(spec, "versionName"),
            ["fullDescription"] = Localised(Text(spec, "fullDescription"), i18n, "spec", "fullDescription"),
            ["upgradeDescription"] = Localised(Text(spec, "upgradeDescription"), i18n, "spec", "upgradeDescription"),
            ["promoteImage"] = StringList(Strings(spec, "promoteImage")),
            ["promoteVideo"] = Text(spec, "promoteVideo"),
            ["subCategory"] = Text(spec, "subCategory"),
            ["locale"] = StringList(Strings(spec, "locale")),
            ["developer"] = Text(spec, "developer"),
            ["requiredMemory"] = resources["requiredMemory"],
            ["requiredDisk"] = resources["requiredDisk"],
            ["supportClient"] = CloneObject(spec, "supportClient"),
            ["supportArch"] = StringList(Strings(spec, "supportArch"), DefaultArchitectures),
            ["requiredGPU"] = resources["requiredGpu"],
            ["requiredCPU"] = resources["requiredCpu"],
            ["limitedMemory"] = resources["limitedMemory"],
            ["limitedDisk"] = resources["limitedDisk"],
            ["limitedCPU"] = resources["limitedCpu"],
            ["limitedGPU"] = resources["limitedGpu"],
            ["accelerator"] = Accelerator(spec),
            ["rating"] = Rating(metadata),
            ["target"] = Text(metadata, "target"),
            ["permission"] = CloneObject(manifest, "permission"),
            ["entrances"] = Entrances(manifest, appId, zone),
            ["ports"] = CloneArray(manifest, "ports"),
            ["tailscale"] = CloneObject(manifest, "tailscale"),
            ["middleware"] = CloneObject(manifest, "middleware"),
            ["options"] = Options(manifest),
            ["subCharts"] = CloneArray(spec, "subCharts"),
            ["envs"] = CloneArray(manifest, "envs"),
            ["submitter"] = Text(spec, "submitter"),
            ["doc"] = Text(spec, "doc"),
            ["website"] = Text(spec, "website"),
            ["featuredImage"] = Text(spec, "featuredImage"),
            ["sourceCode"] = Text(spec, "sourceCode"),
            ["license"] = CloneArray(spec, "license"),
            ["legal"] = CloneArray(spec, "legal"),
            ["i18n"] = NestedI18n(i18n),
            ["modelSize"] = Text(spec, "modelSize"),
            ["namespace"] = Text(spec, "namespace"),
            ["onlyAdmin"] = Bool(spec, "onlyAdmin"),
            ["lastCommitHash"] = string.Empty,
            ["createTime"] = unix,
            ["updateTime"] = unix,
            ["appLabels"] = new JsonArray(),
            ["count"] = 0,
            ["versionHistory"] = versionHistory.DeepClone(),
            ["screenshots"] = new JsonArray(),
            ["tags"] = StringList(Strings(metadata, "tags")),
            ["updated_at"] = DateTime.SpecifyKind(updatedAt, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["metadata"] = Metadata(metadata, appId),

            // olaresManifest.version (the manifest schema), which POST /apps answers as manifest_version.
            ["manifestVersion"] = Text(manifest, "olaresManifest.version"),
        };
    }

    /// <summary>One <c>versionHistory</c> item.</summary>
    public static JsonObject HistoryItem(JsonObject manifest, DateTime uploadedAt)
    {
        var spec = Object(manifest, "spec");
        return new JsonObject
        {
            ["appName"] = Text(Object(manifest, "metadata"), "name"),
            ["version"] = Text(Object(manifest, "metadata"), "version"),
            ["versionName"] = Text(spec, "versionName"),
            ["mergedAt"] = DateTime.SpecifyKind(uploadedAt, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["upgradeDescription"] = Text(spec, "upgradeDescription"),
        };
    }

    private static JsonObject Localised(string text, JsonObject i18n, string block, string key)
    {
        var map = new JsonObject();
        if (text.Length > 0)
        {
            map[DefaultLocale] = text;
        }

        foreach (var (locale, localised) in i18n)
        {
            var value = Text(Object(localised as JsonObject, block), key);
            if (value.Length > 0)
            {
                map[locale] = value;
            }
        }

        return map;
    }

    /// <summary>The web app's nested form: <c>{locale: {metadata: {…}, spec: {…}, entrances: null}}</c>.</summary>
    private static JsonObject NestedI18n(JsonObject i18n)
    {
        var result = new JsonObject();
        foreach (var (locale, localised) in i18n)
        {
            if (localised is not JsonObject block)
            {
                continue;
            }

            var copy = (JsonObject)block.DeepClone();
            copy["entrances"] = null;
            result[locale] = copy;
        }

        return result;
    }

    /// <summary>The flat resource keys, or the cpu row (else the first row) of an accelerator-only manifest.</summary>
    private static Dictionary<string, string> Resources(JsonObject? spec)
    {
        var rows = ManifestValidator.AcceleratorRows(spec)?.OfType<JsonObject>().ToList() ?? [];
        var row = rows.FirstOrDefault(r => Text(r, "mode") == "cpu") ?? rows.FirstOrDefault();
        var result = new Dictionary<string, string>();
        foreach (var field in new[] { "requiredCpu", "limitedCpu", "requiredMemory", "limitedMemory", "requiredDisk", "limitedDisk" })
        {
            var flat = Text(spec, field);
            result[field] = flat.Length > 0 ? flat : Text(row, field);
        }

        result["requiredGpu"] = Text(spec, "requiredGpu") is { Length: > 0 } requiredGpu ? requiredGpu : Text(row, "requiredGPUMemory");
        result["limitedGpu"] = Text(spec, "limitedGpu") is { Length: > 0 } limitedGpu ? limitedGpu : Text(row, "limitedGPUMemory");
        return result;
    }

    /// <summary>
    /// One row per compute mode of <c>spec.accelerator</c> (or the older <c>spec.resources</c>), as written, plus
    /// <c>supportMultiCard</c> where the manifest spelled it <c>supportMultiCards</c> (the spelling clients read).
    /// </summary>
    private static JsonArray Accelerator(JsonObject? spec)
    {
        var result = new JsonArray();
        foreach (var row in ManifestValidator.AcceleratorRows(spec)?.OfType<JsonObject>() ?? [])
        {
            var copy = (JsonObject)row.DeepClone();
            if (!copy.ContainsKey("supportMultiCard") && copy["supportMultiCards"] is { } multiCard)
            {
                copy["supportMultiCard"] = multiCard.DeepClone();
            }

            result.Add(copy);
        }

        return result;
    }

    private static JsonNode Rating(JsonObject? metadata)
    {
        var text = Text(metadata, "rating");
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var rating) ? rating : 0;
    }

    /// <summary>Entrances with the fields the web app reads; <c>url</c> follows app-service's scheme when the owner is known.</summary>
    private static JsonArray Entrances(JsonObject manifest, string appId, string? zone)
    {
        var entrances = Objects(manifest, "entrances").ToList();
        var result = new JsonArray();
        for (var i = 0; i < entrances.Count; i++)
        {
            var entrance = entrances[i];
            var item = new JsonObject
            {
                ["name"] = Text(entrance, "name"),
                ["host"] = Text(entrance, "host"),
                ["port"] = Integer(entrance, "port") ?? 0,
                ["title"] = Text(entrance, "title"),
                ["icon"] = Text(entrance, "icon"),
                ["authLevel"] = Text(entrance, "authLevel") is { Length: > 0 } level ? level : "private",
                ["invisible"] = Bool(entrance, "invisible"),
                ["openMethod"] = Text(entrance, "openMethod"),
                ["windowPushState"] = Bool(entrance, "windowPushState"),
            };
            if (zone is not null)
            {
                item["url"] = entrances.Count == 1 ? $"{appId}.{zone}" : $"{appId}{i}.{zone}";
            }

            result.Add(item);
        }

        return result;
    }

    /// <summary>The options block as written, with the lists the install page reads always present.</summary>
    private static JsonObject Options(JsonObject manifest)
    {
        var options = CloneObject(manifest, "options");
        foreach (var list in new[] { "dependencies", "conflicts" })
        {
            if (Get(options, list) is not JsonArray)
            {
                options[list] = new JsonArray();
            }
        }

        return options;
    }

    private static JsonObject Metadata(JsonObject? metadata, string appId)
    {
        var copy = metadata?.DeepClone() as JsonObject ?? [];
        copy["appid"] = Text(metadata, "appid") is { Length: > 0 } declared ? declared : appId;
        return copy;
    }

    private static JsonArray StringList(IReadOnlyList<string> values, string[]? fallback = null)
    {
        var items = values.Where(v => v.Length > 0).ToList();
        if (items.Count == 0 && fallback is not null)
        {
            items = [.. fallback];
        }

        return new JsonArray(items.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());
    }

    private static JsonObject CloneObject(JsonObject? parent, string key) => Object(parent, key)?.DeepClone() as JsonObject ?? [];

    private static JsonArray CloneArray(JsonObject? parent, string key) => Array(parent, key)?.DeepClone() as JsonArray ?? [];
}
