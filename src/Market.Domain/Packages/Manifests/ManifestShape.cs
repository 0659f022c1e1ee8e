using System.Text.Json;
using System.Text.Json.Nodes;
using static Market.Domain.Packages.Manifests.ManifestJson;

namespace Market.Domain.Packages.Manifests;

/// <summary>
/// The typed decode step of the Go tools: a value of the wrong kind (a list where a mapping belongs,
/// a quoted port) aborts parsing. Reported as <c>parse manifest: …</c> before any rule runs.
/// </summary>
internal static class ManifestShape
{
    private enum Kind
    {
        Mapping,
        List,
        Scalar,
        Integer,
        Boolean,
    }

    private static readonly (string Key, Kind Kind)[] TopLevel =
    [
        ("olaresManifest.version", Kind.Scalar), ("olaresManifest.type", Kind.Scalar), ("apiVersion", Kind.Scalar),
        ("metadata", Kind.Mapping), ("entrances", Kind.List), ("sharedEntrances", Kind.List), ("ports", Kind.List),
        ("tailscale", Kind.Mapping), ("permission", Kind.Mapping), ("spec", Kind.Mapping), ("middleware", Kind.Mapping),
        ("options", Kind.Mapping), ("envs", Kind.List), ("provider", Kind.List), ("workloadReplicas", Kind.Mapping),
        ("overlayGateway", Kind.Mapping),
    ];

    private static readonly (string Key, Kind Kind)[] MetadataFields =
    [
        ("name", Kind.Scalar), ("title", Kind.Scalar), ("description", Kind.Scalar), ("icon", Kind.Scalar),
        ("version", Kind.Scalar), ("appid", Kind.Scalar), ("categories", Kind.List), ("target", Kind.Scalar),
        ("type", Kind.Scalar), ("categories_v2", Kind.List), ("tags", Kind.List),
    ];

    private static readonly (string Key, Kind Kind)[] EntranceFields =
    [
        ("name", Kind.Scalar), ("host", Kind.Scalar), ("port", Kind.Integer), ("title", Kind.Scalar), ("icon", Kind.Scalar),
        ("authLevel", Kind.Scalar), ("invisible", Kind.Boolean), ("openMethod", Kind.Scalar), ("windowPushState", Kind.Boolean),
    ];

    private static readonly (string Key, Kind Kind)[] SpecFields =
    [
        ("versionName", Kind.Scalar), ("fullDescription", Kind.Scalar), ("upgradeDescription", Kind.Scalar),
        ("promoteImage", Kind.List), ("promoteVideo", Kind.Scalar), ("subCategory", Kind.Scalar), ("developer", Kind.Scalar),
        ("submitter", Kind.Scalar), ("website", Kind.Scalar), ("sourceCode", Kind.Scalar), ("doc", Kind.Scalar),
        ("locale", Kind.List), ("license", Kind.List), ("supportClient", Kind.Mapping), ("supportArch", Kind.List),
        ("onlyAdmin", Kind.Boolean), ("namespace", Kind.Scalar), ("accelerator", Kind.List), ("resources", Kind.List),
        ("subCharts", Kind.List), ("supportedGpu", Kind.List),
        ("requiredCpu", Kind.Scalar), ("limitedCpu", Kind.Scalar), ("requiredMemory", Kind.Scalar), ("limitedMemory", Kind.Scalar),
        ("requiredDisk", Kind.Scalar), ("limitedDisk", Kind.Scalar), ("requiredGpu", Kind.Scalar), ("limitedGpu", Kind.Scalar),
    ];

    private static readonly (string Key, Kind Kind)[] OptionFields =
    [
        ("dependencies", Kind.List), ("conflicts", Kind.List), ("policies", Kind.List), ("resetCookie", Kind.Mapping),
        ("appScope", Kind.Mapping), ("websocket", Kind.Mapping), ("upload", Kind.Mapping), ("oidc", Kind.Mapping),
        ("allowedOutboundPorts", Kind.List), ("images", Kind.List), ("allowMultipleInstall", Kind.Boolean),
        ("templateOnly", Kind.Boolean), ("shared", Kind.Boolean), ("mobileSupported", Kind.Boolean),
    ];

    public static IReadOnlyList<ManifestError> Check(JsonObject manifest)
    {
        var errors = new List<ManifestError>();
        CheckFields(manifest, string.Empty, TopLevel, errors);
        CheckFields(Object(manifest, "metadata"), "metadata", MetadataFields, errors);
        CheckFields(Object(manifest, "spec"), "spec", SpecFields, errors);
        CheckFields(Object(manifest, "options"), "options", OptionFields, errors);
        CheckItems(manifest, "entrances", "entrances", EntranceFields, errors);
        CheckItems(manifest, "sharedEntrances", "sharedEntrances", EntranceFields, errors);
        CheckItems(manifest, "envs", "envs", [("envName", Kind.Scalar), ("required", Kind.Boolean), ("options", Kind.List)], errors);
        CheckItems(manifest, "ports", "ports", [("port", Kind.Integer), ("exposePort", Kind.Integer)], errors);
        CheckItems(Object(manifest, "options"), "dependencies", "options.dependencies",
            [("name", Kind.Scalar), ("version", Kind.Scalar), ("type", Kind.Scalar), ("mandatory", Kind.Boolean)], errors);
        CheckItems(Object(manifest, "options"), "policies", "options.policies", [("uriRegex", Kind.Scalar), ("level", Kind.Scalar)], errors);
        CheckItems(Object(manifest, "spec"), "subCharts", "spec.subCharts", [("name", Kind.Scalar), ("shared", Kind.Boolean)], errors);
        return errors;
    }

    private static void CheckItems(JsonObject? parent, string key, string path, (string Key, Kind Kind)[] fields, List<ManifestError> errors)
    {
        var list = Array(parent, key);
        for (var i = 0; i < (list?.Count ?? 0); i++)
        {
            var itemPath = $"{path}[{i}]";
            if (list![i] is JsonObject item)
            {
                CheckFields(item, itemPath, fields, errors);
            }
            else
            {
                errors.Add(Error(itemPath, Kind.Mapping, list[i]));
            }
        }
    }

    private static void CheckFields(JsonObject? obj, string path, (string Key, Kind Kind)[] fields, List<ManifestError> errors)
    {
        foreach (var (key, kind) in fields)
        {
            var node = Get(obj, key);
            if (node is not null && !Fits(node, kind))
            {
                errors.Add(Error(path.Length == 0 ? key : $"{path}.{key}", kind, node));
            }
        }
    }

    private static bool Fits(JsonNode node, Kind kind) => kind switch
    {
        Kind.Mapping => node is JsonObject,
        Kind.List => node is JsonArray,
        Kind.Scalar => node is JsonValue,
        Kind.Integer => Integer(node) is not null,
        Kind.Boolean => node is JsonValue b && b.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
        _ => true,
    };

    private static ManifestError Error(string path, Kind expected, JsonNode? actual)
    {
        var wanted = expected switch
        {
            Kind.Mapping => "a mapping",
            Kind.List => "a list",
            Kind.Integer => "an integer",
            Kind.Boolean => "a boolean",
            _ => "a single value",
        };
        var got = actual is JsonValue ? $"{KindOf(actual)} {actual.ToJsonString()}" : KindOf(actual);
        return new ManifestError(path, $"{path} must be {wanted} (got {got})");
    }
}
