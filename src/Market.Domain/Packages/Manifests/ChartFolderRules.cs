using System.Text.RegularExpressions;

namespace Market.Domain.Packages.Manifests;

/// <summary>What a chart folder holds, as far as the layout rules care.</summary>
public sealed record ChartLayout(string Folder, bool HasChartYaml, bool HasValuesYaml, bool HasTemplates, bool HasManifest);

/// <summary>The identity fields of <c>Chart.yaml</c>.</summary>
public sealed record ChartInfo(string ApiVersion, string Name, string Version, string AppVersion);

/// <summary>
/// The chart-folder rules of the official checker (oac <c>chartfolder</c>) with its exact texts, in its
/// check order: folder name, required files, <c>Chart.yaml</c> fields, then name/version consistency.
/// </summary>
public static partial class ChartFolderRules
{
    /// <summary>The first layout problem, or null.</summary>
    public static string? CheckLayout(ChartLayout layout)
    {
        var folder = layout.Folder;
        if (!FolderName().IsMatch(folder))
        {
            return $"invalid folder name: \"{folder}\" must match ^[a-z0-9]{{1,30}}$";
        }

        if (!layout.HasChartYaml)
        {
            return $"missing Chart.yaml in folder: \"{folder}\"";
        }

        if (!layout.HasValuesYaml)
        {
            return $"missing values.yaml in folder: \"{folder}\"";
        }

        if (!layout.HasTemplates)
        {
            return $"missing templates folder in folder: \"{folder}\"";
        }

        return layout.HasManifest ? null : $"missing OlaresManifest.yaml in folder: \"{folder}\"";
    }

    /// <summary>The first problem with <c>Chart.yaml</c>'s own fields, or null.</summary>
    public static string? CheckChart(ChartInfo chart, string folder)
    {
        if (chart.ApiVersion.Length == 0)
        {
            return $"apiVersion field empty in Chart.yaml for chart \"{folder}\"";
        }

        if (chart.Name.Length == 0)
        {
            return $"name field empty in Chart.yaml for chart \"{folder}\"";
        }

        return chart.Version.Length == 0 ? $"version field empty in Chart.yaml for chart \"{folder}\"" : null;
    }

    /// <summary>Folder, <c>Chart.yaml</c> and manifest must agree on the name, chart and manifest on the version.</summary>
    public static string? CheckConsistency(ChartInfo chart, string folder, string manifestName, string manifestVersion)
    {
        if (chart.Name != folder || manifestName != folder)
        {
            return $"inconsistent info. name must be the same in chart. name in Chart.yaml:{chart.Name}, chartFolder:{folder}, OlaresManifest.yaml:{manifestName}";
        }

        return chart.Version != manifestVersion
            ? $"inconsistent info. Version must be the same in chart. version in OlaresManifest.yaml:{manifestVersion}, Chart.yaml:{chart.Version}"
            : null;
    }

    [GeneratedRegex("^[a-z0-9]{1,30}$", RegexOptions.CultureInvariant)]
    private static partial Regex FolderName();
}
