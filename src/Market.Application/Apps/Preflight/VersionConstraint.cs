using System.Text.RegularExpressions;

namespace Market.Application.Apps.Preflight;

/// <summary>
/// The Masterminds-style constraints manifests give the Olares version (<c>&gt;=1.12.6-0</c>, <c>&gt;=1.12.3-0,&lt;1.12.6</c>;
/// comma = and). Prerelease suffixes are ignored: <c>-0</c> only lets prereleases match, which this comparison does anyway.
/// </summary>
public static partial class VersionConstraint
{
    /// <summary>True when <paramref name="version"/> meets every part, or the constraint cannot be read (no false refusals).</summary>
    public static bool IsMet(string constraint, string version)
    {
        if (Parse(version) is not { } current)
        {
            return true;
        }

        foreach (var part in constraint.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries))
        {
            var match = Part().Match(part);
            if (!match.Success || Parse(match.Groups["v"].Value) is not { } wanted)
            {
                continue;
            }

            var cmp = current.CompareTo(wanted);
            var ok = match.Groups["op"].Value switch
            {
                ">=" => cmp >= 0,
                ">" => cmp > 0,
                "<=" => cmp <= 0,
                "<" => cmp < 0,
                "!=" => cmp != 0,
                "~" => cmp >= 0 && current.Major == wanted.Major && current.Minor == wanted.Minor,
                "^" => cmp >= 0 && current.Major == wanted.Major,
                _ => cmp == 0,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private static Version? Parse(string text)
    {
        var core = text.Trim().TrimStart('v').Split('-', '+')[0];
        var parts = core.Split('.');
        while (parts.Length < 3)
        {
            parts = [.. parts, "0"];
        }

        return Version.TryParse(string.Join('.', parts.Take(3)), out var parsed) ? parsed : null;
    }

    [GeneratedRegex(@"^(?<op>>=|<=|!=|>|<|=|~|\^)?\s*(?<v>v?\d+(?:\.\d+){0,2}(?:-[0-9A-Za-z.]+)?)$")]
    private static partial Regex Part();
}
