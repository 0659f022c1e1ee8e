using System.Text.Json.Nodes;
using static Market.Domain.Packages.Manifests.ManifestJson;

namespace Market.Domain.Packages.Manifests;

/// <summary>The resource envelope rules (<c>spec</c> flat fields and <c>spec.accelerator</c> rows), by manifest version.</summary>
public sealed partial class ManifestValidator
{
    private static readonly string[] FlatFields =
        ["requiredCpu", "limitedCpu", "requiredMemory", "limitedMemory", "requiredDisk", "limitedDisk", "requiredGpu", "limitedGpu"];

    private static readonly string[] RequiredFlatFields = ["requiredCpu", "limitedCpu", "requiredMemory", "limitedMemory", "requiredDisk"];

    private static readonly string[] Modes = ["cpu", "strix-halo", "amd-gpu", "apple-m", "nvidia", "nvidia-gb10", "mthreads-m1000"];

    /// <summary>Row fields as the checker names them, with the YAML key each is read from.</summary>
    private static readonly (string Field, string Key)[] RowFields =
    [
        ("requiredCpu", "requiredCpu"), ("limitedCpu", "limitedCpu"), ("requiredMemory", "requiredMemory"),
        ("limitedMemory", "limitedMemory"), ("requiredDisk", "requiredDisk"), ("limitedDisk", "limitedDisk"),
        ("requiredGpu", "requiredGPUMemory"), ("limitedGpu", "limitedGPUMemory"),
    ];

    /// <summary>The accelerator list (<c>spec.accelerator</c>, or its older spelling <c>spec.resources</c>).</summary>
    public static JsonArray? AcceleratorRows(JsonObject? spec) => Array(spec, "accelerator") ?? Array(spec, "resources");

    private void CheckResources()
    {
        var spec = Spec;
        var rows = AcceleratorRows(spec);
        var hasRows = rows is { Count: > 0 };
        var templateOnly = Bool(Options, "templateOnly");

        if (hasRows)
        {
            foreach (var field in FlatFields.Where(f => Text(spec, f).Length > 0))
            {
                Add("spec." + field, $"spec.{field} must be empty when spec.resources[] is set; pick one or the other");
            }
        }

        if (_apiVersion == "v2" && hasRows)
        {
            Add("spec.resources", "spec.resources is not supported for apiVersion=v2 (including when olaresManifest.version >= 0.12.0); use spec.requiredCpu, spec.limitedCpu, spec.requiredMemory, spec.limitedMemory, and spec.requiredDisk instead");
        }

        if (_atLeast012 && Array(spec, "supportedGpu") is { Count: > 0 })
        {
            Add("spec.supportedGpu", "spec.supportedGpu must be empty for olaresManifest.version >= 0.12.0; declare GPU resources in spec.resources[] with the appropriate mode (e.g. nvidia, amd-gpu)");
        }

        var missing = RequiredFlatFields.Where(f => Text(spec, f).Length == 0).ToList();
        if (!_modern)
        {
            if (missing.Count == RequiredFlatFields.Length)
            {
                Add("spec", "spec.requiredCpu / spec.limitedCpu / spec.requiredMemory / spec.limitedMemory / spec.requiredDisk are required for olaresManifest.version < 0.12.0; populate the legacy resource envelope");
            }
            else
            {
                foreach (var field in missing)
                {
                    Add("spec." + field, $"spec.{field} is required for olaresManifest.version < 0.12.0");
                }
            }
        }
        else if (!hasRows && missing.Count == RequiredFlatFields.Length)
        {
            Add("spec", "either spec.resources[] or the legacy envelope (spec.requiredCpu / spec.limitedCpu / spec.requiredMemory / spec.limitedMemory / spec.requiredDisk) is required for olaresManifest.version >= 0.12.0");
        }

        if (!hasRows)
        {
            foreach (var field in FlatFields)
            {
                var value = Text(spec, field);
                var autoAllowed = templateOnly && !field.EndsWith("Disk", StringComparison.Ordinal);
                if (value.Length > 0 && !(value == KubernetesQuantity.Auto && autoAllowed) && !KubernetesQuantity.IsValid(value))
                {
                    Add("spec." + field, $"spec.{field} must be a valid Kubernetes quantity (got \"{value}\")");
                }
            }
        }
        else if (_modern)
        {
            var arches = Strings(spec, "supportArch");
            for (var i = 0; i < rows!.Count; i++)
            {
                CheckRow(rows[i] as JsonObject, i, arches);
            }
        }
    }

    private void CheckRow(JsonObject? row, int index, IReadOnlyList<string> arches)
    {
        var path = $"spec.resources[{index}]";
        var mode = Text(row, "mode");
        if (mode.Length == 0)
        {
            Add(path, "resources[].mode is required");
        }
        else if (!Modes.Contains(mode))
        {
            Add(path, "resources[].mode must be one of \"cpu\", \"strix-halo\", \"amd-gpu\", \"apple-m\", \"nvidia\", \"nvidia-gb10\", \"mthreads-m1000\", \"strix-halo\"");
        }

        var values = RowFields.ToDictionary(f => f.Field, f => Text(row, f.Key));
        foreach (var (field, value) in values)
        {
            if (value.Length > 0 && value != KubernetesQuantity.Auto && !KubernetesQuantity.IsValid(value))
            {
                Add(path, $"{field} must be a valid Kubernetes quantity (got \"{value}\")");
            }
        }

        var gpuMode = mode is "nvidia" or "amd-gpu";
        var needed = RowFields.Select(f => f.Field).Where(f => gpuMode || !f.EndsWith("Gpu", StringComparison.Ordinal)).ToList();
        if (values.Values.All(v => v.Length == 0))
        {
            foreach (var field in needed)
            {
                Add(path, $"{path}.{field} is required to declare a complete resource envelope (mode={mode})");
            }
        }
        else
        {
            foreach (var field in needed.Where(f => values[f].Length == 0))
            {
                Add(path, $"{field} is required to declare a complete resource envelope (mode={mode})");
            }
        }

        if (!gpuMode && mode.Length > 0)
        {
            foreach (var field in new[] { "requiredGpu", "limitedGpu" }.Where(f => values[f].Length > 0))
            {
                Add(path, $"{field} must be empty for mode={mode} (only mode=amd-gpu / mode=nvidia support a standalone gpu memory requirement)");
            }
        }

        foreach (var kind in new[] { "Cpu", "Memory", "Disk", "Gpu" })
        {
            var limit = KubernetesQuantity.TryParse(values["limited" + kind]);
            var request = KubernetesQuantity.TryParse(values["required" + kind]);
            if (limit is not null && request is not null && limit < request)
            {
                Add(path, $"limited{kind} ({values["limited" + kind]}) must be >= required{kind} ({values["required" + kind]})");
            }
        }

        var neededArch = mode switch
        {
            "nvidia" or "amd-gpu" or "strix-halo" => "amd64",
            "nvidia-gb10" or "mthreads-m1000" => "arm64",
            _ => null,
        };
        if (neededArch is not null && !arches.Contains(neededArch))
        {
            Add(path, $"mode={mode} requires spec.supportArch to contain \"{neededArch}\"");
        }
    }
}
