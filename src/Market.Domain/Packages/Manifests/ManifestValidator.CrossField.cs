using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using static Market.Domain.Packages.Manifests.ManifestJson;

namespace Market.Domain.Packages.Manifests;

/// <summary>The cross-field and version-gated rules (olares dependency window, shared and template apps …).</summary>
public sealed partial class ManifestValidator
{
    private static readonly SemanticVersion[] NewWindowSamples =
        [SemanticVersion.Create(1, 12, 5), SemanticVersion.Create(1, 12, 0), SemanticVersion.Create(0, 1, 0)];

    private static readonly SemanticVersion[] OldWindowSamples =
        [SemanticVersion.Create(1, 12, 2), SemanticVersion.Create(1, 12, 6), SemanticVersion.Create(2, 0, 0)];

    private void CheckCrossField()
    {
        if (_apiVersion == "v2")
        {
            CheckSubCharts();
        }

        if (!_atLeast012 && Bool(Permission, "externalData"))
        {
            Add("permission.externalData", "permission.externalData is only supported for olaresManifest.version >= 0.12.0");
        }

        if (_atLeast012 && Array(Permission, "provider") is { Count: > 0 })
        {
            Add("permission.provider", "permission.provider must be empty for olaresManifest.version >= 0.12.0; cross-app provider access is no longer granted via permission.provider");
        }

        if (_atLeast012 && Array(_manifest, "provider") is { Count: > 0 })
        {
            Add("provider", "provider must be empty for olaresManifest.version >= 0.12.0; the top-level provider section is no longer accepted on modern manifests");
        }

        if (_modern && Object(_manifest, "workloadReplicas") is not { Count: > 0 })
        {
            Add("workloadReplicas", "workloadReplicas is required for olaresManifest.version >= 0.12.0; declare a workloadReplicas.<workload>: <count> entry for every Deployment/StatefulSet");
        }

        if (_atLeast012)
        {
            CheckOlaresDependency();
        }

        if (Bool(Options, "shared"))
        {
            CheckSharedApp();
        }

        if (Bool(Options, "templateOnly") && !Bool(Options, "allowMultipleInstall"))
        {
            Add("options.allowMultipleInstall", "options.allowMultipleInstall must be true when options.templateOnly is true; template-only apps are installed as multiple clones");
        }
    }

    private void CheckSubCharts()
    {
        var subCharts = Array(Spec, "subCharts");
        if (subCharts is null || subCharts.Count == 0)
        {
            Add("spec.subCharts", "spec.subCharts is required for apiVersion=v2");
            return;
        }

        if (!subCharts.OfType<JsonObject>().Any(s => Bool(s, "shared")))
        {
            Add("spec.subCharts", "spec.subCharts must contain at least one entry with shared=true");
        }

        for (var i = 0; i < subCharts.Count; i++)
        {
            var name = Text(subCharts[i] as JsonObject, "name");
            if (name.Length == 0)
            {
                Add($"spec.subCharts[{i}].name", "no name provided");
            }
            else if (name.Length > 53 || !SubChartName().IsMatch(name))
            {
                Add($"spec.subCharts[{i}].name", "invalid subchart name, must match regex ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$ and the length must not be longer than 53");
            }
        }
    }

    private void CheckOlaresDependency()
    {
        const string path = "options.dependencies";
        var olares = Objects(Options, "dependencies").FirstOrDefault(d => Text(d, "name") == "olares" && Text(d, "type") == "system");
        if (olares is null)
        {
            Add(path, "options.dependencies must declare an entry with name=\"olares\" and type=\"system\" for olaresManifest.version >= 0.12.0");
            return;
        }

        var range = Text(olares, "version");
        if (!VersionConstraint.TryParse(range, out var constraint, out var parseError))
        {
            Add(path, $"options.dependencies[name=olares].version \"{range}\" is not a valid semver constraint: {parseError}");
            return;
        }

        var newOnlyFields = NewOnlyFieldsUsed();
        var needsNewWindow = _apiVersion == "v3" || newOnlyFields.Count > 0;
        var required = needsNewWindow ? ">=1.12.6-0" : ">=1.12.3-0,<1.12.6";
        var samples = needsNewWindow ? NewWindowSamples : OldWindowSamples;
        var api = _apiVersion.Length == 0 ? "v1" : _apiVersion;
        var promotion = _apiVersion != "v3" && newOnlyFields.Count > 0
            ? $" because the manifest declares {string.Join(" / ", newOnlyFields)}, which requires Olares 1.12.6+"
            : string.Empty;
        foreach (var sample in samples.Where(constraint.IsSatisfiedBy))
        {
            Add(path, $"options.dependencies[name=olares].version \"{range}\" must restrict the Olares system version to \"{required}\" for apiVersion={api}{promotion}; the constraint currently allows {sample}, which is outside the supported range");
        }
    }

    /// <summary>Fields that only Olares 1.12.6+ understands; using one moves a v1/v2 manifest to the newer window.</summary>
    private List<string> NewOnlyFieldsUsed()
    {
        var used = new List<string>();
        if (Array(Spec, "accelerator") is { Count: > 0 })
        {
            used.Add("spec.accelerator");
        }

        if (Object(_manifest, "workloadReplicas") is { Count: > 0 })
        {
            used.Add("workloadReplicas");
        }

        if (Object(_manifest, "overlayGateway") is not null)
        {
            used.Add("overlayGateway");
        }

        foreach (var option in new[] { "LLMGatewaySupported", "templateOnly", "shared" })
        {
            if (Bool(Options, option))
            {
                used.Add("options." + option);
            }
        }

        if (Bool(Permission, "appCommon"))
        {
            used.Add("permission.appCommon");
        }

        return used;
    }

    private void CheckSharedApp()
    {
        if (_apiVersion != "v3")
        {
            Add("options.shared", $"options.shared=true is only supported for apiVersion=v3 (got \"{_apiVersion}\")");
        }

        if (!Bool(Spec, "onlyAdmin"))
        {
            Add("spec.onlyAdmin", "spec.onlyAdmin must be true when options.shared=true; shared apps service every user on the cluster and may only be installed by an admin");
        }

        if (Array(Spec, "subCharts") is { Count: > 0 })
        {
            Add("spec.subCharts", "spec.subCharts must be empty when options.shared=true; shared apps require apiVersion=v3 and deliver every workload in a single chart");
        }

        var appScope = Object(Options, "appScope");
        if (Bool(appScope, "clusterScoped"))
        {
            Add("options.appScope.clusterScoped", "options.appScope.clusterScoped must be false when options.shared=true; the shared scope already covers every user and is incompatible with cluster scoping");
        }

        if (Array(appScope, "appRef") is { Count: > 0 })
        {
            Add("options.appScope.appRef", "options.appScope.appRef must be empty when options.shared=true; shared apps do not declare cross-app scoping");
        }
    }

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex SubChartName();
}
