using System.Text.Json.Nodes;

namespace Market.Domain.Packages.Manifests;

/// <summary>
/// The original decodes manifests with Go's case-insensitive key matching, so real charts spell some keys
/// oddly (<c>allowedOutBoundPorts</c>) and still work there (olares-current §7). Market renames the option and
/// permission keys it knows to the spelling clients read (original-data-and-sync §2.9.2); unknown keys stay.
/// </summary>
public static class ManifestKeys
{
    private static readonly string[] OptionKeys =
    [
        "mobileSupported", "policies", "resetCookie", "dependencies", "conflicts", "appScope", "websocket", "upload",
        "syncProvider", "oidc", "apiTimeout", "allowedOutboundPorts", "images", "allowMultipleInstall", "needsSharedAccess",
        "LLMGatewaySupported", "templateOnly", "shared",
    ];

    private static readonly string[] PermissionKeys =
        ["appData", "appCache", "userData", "appCommon", "externalData", "provider", "serviceAccount", "sysData"];

    /// <summary>Keys of the objects inside options, by option.</summary>
    private static readonly Dictionary<string, string[]> NestedOptionKeys = new(StringComparer.Ordinal)
    {
        ["appScope"] = ["clusterScoped", "appRef", "systemService"],
        ["resetCookie"] = ["enabled"],
        ["websocket"] = ["port", "url"],
        ["upload"] = ["fileType", "dest", "limitedSize"],
        ["oidc"] = ["enabled", "redirectUri", "entranceName"],
    };

    private static readonly string[] DependencyKeys = ["name", "version", "type", "mandatory", "selfRely"];

    /// <summary>Renames, in place, the <c>options</c> and <c>permission</c> keys of a manifest or catalog entry.</summary>
    public static void Canonicalize(JsonObject? document)
    {
        if (document?["options"] is JsonObject options)
        {
            Rename(options, OptionKeys);
            foreach (var (option, keys) in NestedOptionKeys)
            {
                Rename(options[option] as JsonObject, keys);
            }

            foreach (var dependency in (options["dependencies"] as JsonArray ?? []).OfType<JsonObject>())
            {
                Rename(dependency, DependencyKeys);
            }
        }

        Rename(document?["permission"] as JsonObject, PermissionKeys);
    }

    private static void Rename(JsonObject? target, string[] canonical)
    {
        if (target is null)
        {
            return;
        }

        foreach (var key in target.Select(p => p.Key).ToList())
        {
            var proper = canonical.FirstOrDefault(c => c.Equals(key, StringComparison.OrdinalIgnoreCase));
            if (proper is null || proper == key)
            {
                continue;
            }

            target.Remove(key, out var value);

            // The canonical spelling wins when a chart carries both.
            if (!target.ContainsKey(proper))
            {
                target[proper] = value;
            }
        }
    }
}
