using System.Globalization;
using System.Text.RegularExpressions;

namespace Market.Application.Apps.Queries.PreflightApp;

/// <summary>Kubernetes quantities as manifests write them (<c>2Gi</c>, <c>500Mi</c>, <c>1.5G</c>, <c>500m</c> CPU) in base units.</summary>
public static partial class ResourceQuantity
{
    public static double? Parse(string? text)
    {
        var match = string.IsNullOrWhiteSpace(text) ? null : Quantity().Match(text.Trim());
        if (match is null || !match.Success || !double.TryParse(match.Groups["n"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n))
        {
            return null;
        }

        return n * match.Groups["unit"].Value switch
        {
            "m" => 0.001,
            "k" or "K" => 1e3,
            "M" => 1e6,
            "G" => 1e9,
            "T" => 1e12,
            "Ki" => 1024d,
            "Mi" => 1024d * 1024,
            "Gi" => 1024d * 1024 * 1024,
            "Ti" => 1024d * 1024 * 1024 * 1024,
            _ => 1,
        };
    }

    /// <summary>Bytes for a person: <c>2.1 GiB</c>.</summary>
    public static string Bytes(double bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
        var unit = 0;
        while (bytes >= 1024 && unit < units.Length - 1)
        {
            bytes /= 1024;
            unit++;
        }

        return $"{Math.Ceiling(bytes * 10) / 10:0.#} {units[unit]}".Replace(',', '.');
    }

    [GeneratedRegex(@"^(?<n>\d+(?:\.\d+)?)(?<unit>m|k|K|M|G|T|Ki|Mi|Gi|Ti)?$")]
    private static partial Regex Quantity();
}
