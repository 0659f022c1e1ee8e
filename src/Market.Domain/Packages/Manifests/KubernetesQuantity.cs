using System.Globalization;
using System.Text.RegularExpressions;

namespace Market.Domain.Packages.Manifests;

/// <summary>Kubernetes resource quantities as the manifest checker sees them (<c>100m</c>, <c>512Mi</c>, <c>2</c>).</summary>
public static partial class KubernetesQuantity
{
    /// <summary>The "resolve at install time" sentinel.</summary>
    public const string Auto = "-1";

    /// <summary>The checker's own (quirky) pattern: it rejects <c>.5</c> and <c>1Ei</c>, which Kubernetes would accept.</summary>
    public static bool IsValid(string value) => CheckerPattern().IsMatch(value);

    /// <summary>The value in base units, or null when the real parser would not read it (comparisons then skip it).</summary>
    public static decimal? TryParse(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        var match = ParsePattern().Match(value);
        if (!match.Success || !decimal.TryParse(match.Groups["num"].Value, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            return null;
        }

        try
        {
            if (match.Groups["exp"].Success && int.TryParse(match.Groups["exp"].Value.AsSpan(1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var exponent))
            {
                number *= (decimal)Math.Pow(10, exponent);
            }

            return number * match.Groups["suffix"].Value switch
            {
                "m" => 0.001m,
                "k" => 1_000m,
                "M" => 1_000_000m,
                "G" => 1_000_000_000m,
                "T" => 1_000_000_000_000m,
                "P" => 1_000_000_000_000_000m,
                "E" => 1_000_000_000_000_000_000m,
                "Ki" => 1024m,
                "Mi" => 1024m * 1024,
                "Gi" => 1024m * 1024 * 1024,
                "Ti" => 1024m * 1024 * 1024 * 1024,
                "Pi" => 1024m * 1024 * 1024 * 1024 * 1024,
                "Ei" => 1024m * 1024 * 1024 * 1024 * 1024 * 1024,
                _ => 1m,
            };
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"^(?:\d+(?:\.\d+)?(?:[eE][-+]?(\d+|i))?(?:[kKMGTP]?i?|[mMGTPE])?|[kKMGTP]i|[mMGTPE])$", RegexOptions.CultureInvariant)]
    private static partial Regex CheckerPattern();

    [GeneratedRegex(@"^(?<num>[+-]?(?:\d+(?:\.\d*)?|\.\d+))(?<exp>[eE][-+]?\d+)?(?<suffix>Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E)?$", RegexOptions.CultureInvariant)]
    private static partial Regex ParsePattern();
}
