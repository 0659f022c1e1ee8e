using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using static Market.Domain.Packages.Manifests.ManifestJson;

namespace Market.Domain.Packages.Manifests;

/// <summary>
/// The rules of the official manifest checker (oac), with its exact texts, applied to a manifest
/// decoded from YAML. Every violation is returned, not only the first. Lengths are UTF-8 byte
/// lengths and every rule except "required" skips empty values, as in the original.
/// </summary>
public sealed partial class ManifestValidator
{
    private static readonly string[] ReservedAppIds =
    [
        "market", "auth", "citus", "desktop", "did", "docs", "files", "fsnotify", "headscale", "infisical", "intentprovider",
        "ksserver", "message", "mongo", "monitoring", "notifications", "profile", "redis", "recommend", "seafile", "search",
        "search-admin", "settings", "systemserver", "tapr", "vault", "video", "zinc", "accounts", "control-hub", "dashboard",
        "nitro", "olares-app",
    ];

    private readonly List<ManifestError> _errors = [];
    private readonly JsonObject _manifest;
    private readonly string _apiVersion;
    private readonly bool _atLeast012;
    private readonly bool _modern;

    private ManifestValidator(JsonObject manifest)
    {
        _manifest = manifest;
        _apiVersion = Text(manifest, "apiVersion");
        _atLeast012 = SemanticVersion.TryParse(Text(manifest, "olaresManifest.version"), out var version) && version >= ManifestProbe.ModernSince;
        _modern = _atLeast012 && _apiVersion != "v2";
    }

    private JsonObject? Metadata => Object(_manifest, "metadata");

    private JsonObject? Spec => Object(_manifest, "spec");

    private JsonObject? Options => Object(_manifest, "options");

    private JsonObject? Permission => Object(_manifest, "permission");

    /// <summary>All violations of the manifest; empty when it passes.</summary>
    public static IReadOnlyList<ManifestError> Validate(JsonObject manifest)
    {
        var shape = ManifestShape.Check(manifest);
        if (shape.Count > 0)
        {
            return shape;
        }

        var validator = new ManifestValidator(manifest);
        validator.Run();
        return validator._errors;
    }

    private void Run()
    {
        if (Text(_manifest, "olaresManifest.version").Length == 0)
        {
            Add("olaresManifest.version", "olaresManifest.version is required");
        }

        if (_apiVersion.Length > 0 && _apiVersion is not ("v1" or "v2" or "v3"))
        {
            Add("apiVersion", "not supported version");
        }

        CheckMetadata();
        CheckEntrances();
        CheckSupportArch();
        CheckLocale();
        CheckResources();
        CheckPolicies();
        CheckDependencies();
        CheckOverlayGateway();
        CheckTaxonomy("categories_v2");
        CheckTaxonomy("tags");
        CheckEnvs();
        CheckCrossField();
    }

    private void Add(string path, string message) => _errors.Add(new ManifestError(path, message));

    private static int Bytes(string value) => Encoding.UTF8.GetByteCount(value);

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && uri.Host.Length > 0;

    private void CheckMetadata()
    {
        var metadata = Metadata;
        var name = Text(metadata, "name");
        if (name.Length == 0)
        {
            Add("metadata.name", "metadata.name is required");
        }
        else if (Bytes(name) > 30)
        {
            Add("metadata.name", "metadata.name must be 1-30 characters");
        }

        var icon = Text(metadata, "icon");
        if (icon.Length == 0)
        {
            Add("metadata.icon", "metadata.icon is required");
        }
        else if (!IsHttpUrl(icon))
        {
            Add("metadata.icon", "metadata.icon must be a valid http(s) URL");
        }

        if (Text(metadata, "description").Length == 0)
        {
            Add("metadata.description", "metadata.description is required");
        }

        var title = Text(metadata, "title");
        if (title.Length == 0)
        {
            Add("metadata.title", "metadata.title is required");
        }
        else if (Bytes(title) > 30)
        {
            Add("metadata.title", "metadata.title must be 1-30 characters");
        }

        var version = Text(metadata, "version");
        if (version.Length == 0)
        {
            Add("metadata.version", "metadata.version is required");
        }
        else if (!SemanticVersion.TryParse(version, out _))
        {
            Add("metadata.version", "metadata.version must be a valid semantic version (e.g. 1.2.3)");
        }

        var appId = Text(metadata, "appid").Trim();
        if (ReservedAppIds.Contains(appId))
        {
            Add("metadata.appid", $"metadata.appid \"{appId}\" collides with a reserved system app id; choose a different value (the loader normalizes appid to md5(metadata.name)[:8] anyway, so leaving the field empty is also fine)");
        }
    }

    private void CheckEntrances()
    {
        var entrances = Array(_manifest, "entrances");
        if (entrances is null || entrances.Count == 0)
        {
            Add("entrances", "entrances is required");
            return;
        }

        if (entrances.Count > 10)
        {
            Add("entrances", "entrances must have between 1 and 10 items");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var duplicateReported = false;
        for (var i = 0; i < entrances.Count; i++)
        {
            var entrance = entrances[i] as JsonObject;
            var path = $"entrances[{i}]";
            var name = Text(entrance, "name");
            if (name.Length > 0 && !EntranceName().IsMatch(name))
            {
                Add(path + ".name", "entrance.name must match ^[a-z0-9A-Z-]*$");
            }
            else if (Bytes(name) > 63)
            {
                Add(path + ".name", "entrance.name must be <= 63 characters");
            }

            var host = Text(entrance, "host");
            if (host.Length > 0 && !EntranceHost().IsMatch(host))
            {
                Add(path + ".host", "entrance.host must match ^[a-z]([-a-z0-9]*[a-z0-9])$");
            }
            else if (Bytes(host) > 63)
            {
                Add(path + ".host", "entrance.host must be <= 63 characters");
            }

            if (Integer(entrance, "port") is < 0)
            {
                Add(path + ".port", "entrance.port must be > 0");
            }

            var icon = Text(entrance, "icon");
            if (icon.Length > 0 && !IsHttpUrl(icon))
            {
                Add(path + ".icon", "entrance.icon must be a valid http(s) URL");
            }

            var title = Text(entrance, "title");
            if (title.Length == 0)
            {
                Add(path + ".title", "entrance.title is required");
            }
            else if (Bytes(title) > 30)
            {
                Add(path + ".title", "entrance.title must be 1-30 characters");
            }

            if (Text(entrance, "authLevel") is not ("" or "public" or "private" or "internal"))
            {
                Add(path + ".authLevel", "entrance.authLevel must be one of \"\", \"public\", \"private\"");
            }

            if (Text(entrance, "openMethod") is not ("" or "default" or "iframe" or "window"))
            {
                Add(path + ".openMethod", "entrance.openMethod must be one of \"\", \"default\", \"iframe\", \"window\"");
            }

            if (!seen.Add(name) && !duplicateReported)
            {
                duplicateReported = true;
                Add(path + ".name", $"duplicate entrance name \"{name}\"");
            }
        }
    }

    private void CheckSupportArch()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var arches = Strings(Spec, "supportArch");
        for (var i = 0; i < arches.Count; i++)
        {
            if (arches[i] is not ("amd64" or "arm64"))
            {
                Add($"spec.supportArch[{i}]", $"spec.supportArch entries must be \"amd64\" or \"arm64\" (got \"{arches[i]}\")");
            }
            else if (!seen.Add(arches[i]))
            {
                Add($"spec.supportArch[{i}]", $"duplicate value \"{arches[i]}\"");
            }
        }
    }

    private void CheckLocale()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var locale in Strings(Spec, "locale"))
        {
            if (!LanguageTag().IsMatch(locale))
            {
                Add("spec.locale", $"spec.locale value \"{locale}\" must be a valid BCP 47 language tag");
                continue;
            }

            var canonical = CanonicalTag(locale);
            if (canonical != locale)
            {
                Add("spec.locale", $"spec.locale value \"{locale}\" must use canonical spelling \"{canonical}\"");
            }
            else if (!seen.Add(locale))
            {
                Add("spec.locale", $"spec.locale value \"{locale}\" is listed more than once");
            }
        }
    }

    /// <summary>Language lower case, script title case, region upper case (<c>zh-Hans-CN</c>, <c>en-US</c>).</summary>
    private static string CanonicalTag(string tag)
    {
        var parts = tag.Split('-');
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            parts[i] = i == 0 ? part.ToLowerInvariant()
                : part.Length == 4 && char.IsLetter(part[0]) ? char.ToUpperInvariant(part[0]) + part[1..].ToLowerInvariant()
                : part.Length == 2 && char.IsLetter(part[0]) ? part.ToUpperInvariant()
                : part.ToLowerInvariant();
        }

        return string.Join('-', parts);
    }

    private void CheckPolicies()
    {
        var i = 0;
        foreach (var policy in Objects(Options, "policies"))
        {
            var path = $"options.policies[{i++}]";
            if (Text(policy, "uriRegex").Length == 0)
            {
                Add(path + ".uriRegex", "policy.uriRegex is required");
            }

            if (Text(policy, "level").Length == 0)
            {
                Add(path + ".level", "policy.level is required");
            }

            var duration = Text(policy, "validDuration");
            if (duration.Length > 0 && !Duration().IsMatch(duration))
            {
                Add(path + ".validDuration", "policy.validDuration is malformed");
            }
        }
    }

    private void CheckDependencies()
    {
        var i = 0;
        foreach (var dependency in Objects(Options, "dependencies"))
        {
            var path = $"options.dependencies[{i++}]";
            if (Text(dependency, "name").Length == 0)
            {
                Add(path + ".name", "dependency.name is required");
            }

            if (Text(dependency, "version").Length == 0)
            {
                Add(path + ".version", "dependency.version is required");
            }

            var type = Text(dependency, "type");
            if (type.Length == 0)
            {
                Add(path + ".type", "dependency.type is required");
            }
            else if (type is not ("system" or "application" or "middleware"))
            {
                Add(path + ".type", "dependency.type must be system, application or middleware");
            }
        }
    }

    private void CheckOverlayGateway()
    {
        var i = 0;
        foreach (var entrance in Objects(Object(_manifest, "overlayGateway"), "entrances"))
        {
            var path = $"overlayGateway.entrances[{i++}]";
            var title = Text(entrance, "title");
            if (title.Length == 0)
            {
                Add(path, "overlayGateway.entrances.title is required");
            }
            else if (Bytes(title) > 30)
            {
                Add(path, "overlayGateway.entrances.title must be 1-30 characters");
            }

            var port = Integer(entrance, "port");
            if (port is null or 0)
            {
                Add(path, "overlayGateway.entrances.port is required");
            }
            else if (port < 0)
            {
                Add(path, "overlayGateway.entrances.port must be > 0");
            }

            if (Text(entrance, "workload").Length == 0)
            {
                Add(path, "overlayGateway.entrances.workload is required");
            }

            if (Text(entrance, "protocol") is not ("" or "tcp" or "udp"))
            {
                Add(path, "overlayGateway.entrances.protocol must be one of \"\", \"tcp\", \"udp\"");
            }
        }
    }

    private void CheckTaxonomy(string key)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in Strings(Metadata, key))
        {
            var field = "metadata." + key;
            if (value != value.Trim())
            {
                Add(field, $"{field} value \"{value}\" must not have surrounding whitespace");
            }
            else if (!Slug().IsMatch(value))
            {
                Add(field, $"{field} value \"{value}\" must be lowercase alphanumeric words joined by single hyphens");
            }
            else if (!seen.Add(value))
            {
                Add(field, $"{field} value \"{value}\" is listed more than once");
            }
        }
    }

    private void CheckEnvs()
    {
        var envs = Array(_manifest, "envs");
        for (var i = 0; i < (envs?.Count ?? 0); i++)
        {
            var name = Text(envs![i] as JsonObject, "envName");
            if (name.Length == 0)
            {
                // Not a checker rule, but the runtime cannot bind a value to a nameless variable.
                Add($"envs[{i}].envName", "envName is required");
            }
            else if (_apiVersion == "v3" && name.StartsWith("OLARES_USER", StringComparison.Ordinal))
            {
                Add($"envs[{i}].envName", "must not start with \"OLARES_USER\" (declare an app-local name and map user variables with valueFrom.envName)");
            }
        }
    }

    [GeneratedRegex("^[a-z0-9A-Z-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex EntranceName();

    [GeneratedRegex("^[a-z]([-a-z0-9]*[a-z0-9])$", RegexOptions.CultureInvariant)]
    private static partial Regex EntranceHost();

    [GeneratedRegex(@"^((?:[-+]?\d+(?:\.\d+)?([smhdwy]|us|ns|ms))+)$", RegexOptions.CultureInvariant)]
    private static partial Regex Duration();

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Slug();

    [GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?(-([A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*$", RegexOptions.CultureInvariant)]
    private static partial Regex LanguageTag();
}
