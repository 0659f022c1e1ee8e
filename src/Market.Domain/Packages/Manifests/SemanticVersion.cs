using System.Globalization;
using System.Text.RegularExpressions;

namespace Market.Domain.Packages.Manifests;

/// <summary>
/// A semantic version read the lenient way the Olares tools read it (Masterminds semver/v3):
/// a leading <c>v</c>, one- or two-part versions (<c>1</c>, <c>1.2</c>) and pre-release/build
/// suffixes are accepted. Comparison follows semver precedence; build metadata is ignored.
/// </summary>
public sealed partial class SemanticVersion : IComparable<SemanticVersion>, IEquatable<SemanticVersion>
{
    private SemanticVersion(long major, long minor, long patch, string prerelease, string metadata, string original)
    {
        Major = major;
        Minor = minor;
        Patch = patch;
        Prerelease = prerelease;
        Metadata = metadata;
        Original = original;
    }

    public long Major { get; }

    public long Minor { get; }

    public long Patch { get; }

    public string Prerelease { get; }

    public string Metadata { get; }

    public string Original { get; }

    public static SemanticVersion Create(long major, long minor, long patch, string prerelease = "") =>
        new(major, minor, patch, prerelease, string.Empty, $"{major}.{minor}.{patch}{(prerelease.Length > 0 ? "-" + prerelease : string.Empty)}");

    public static bool TryParse(string? text, out SemanticVersion version)
    {
        version = null!;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var match = Pattern().Match(text);
        if (!match.Success
            || !long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            || !TryPart(match.Groups[2].Value, out var minor)
            || !TryPart(match.Groups[3].Value, out var patch))
        {
            return false;
        }

        version = new SemanticVersion(major, minor, patch, match.Groups[5].Value, match.Groups[8].Value, text);
        return true;
    }

    public static SemanticVersion? ParseOrNull(string? text) => TryParse(text, out var version) ? version : null;

    public int CompareTo(SemanticVersion? other)
    {
        if (other is null)
        {
            return 1;
        }

        var byCore = (Major, Minor, Patch).CompareTo((other.Major, other.Minor, other.Patch));
        return byCore != 0 ? byCore : ComparePrerelease(Prerelease, other.Prerelease);
    }

    public bool Equals(SemanticVersion? other) => other is not null && CompareTo(other) == 0;

    public override bool Equals(object? obj) => obj is SemanticVersion other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Major, Minor, Patch, Prerelease);

    public override string ToString() => Original;

    public static bool operator <(SemanticVersion left, SemanticVersion right) => left.CompareTo(right) < 0;

    public static bool operator >(SemanticVersion left, SemanticVersion right) => left.CompareTo(right) > 0;

    public static bool operator <=(SemanticVersion left, SemanticVersion right) => left.CompareTo(right) <= 0;

    public static bool operator >=(SemanticVersion left, SemanticVersion right) => left.CompareTo(right) >= 0;

    public static bool operator ==(SemanticVersion? left, SemanticVersion? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(SemanticVersion? left, SemanticVersion? right) => !(left == right);

    private static bool TryPart(string group, out long value)
    {
        value = 0;
        return group.Length == 0 || long.TryParse(group.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>No pre-release ranks above any pre-release; identifiers compare numerically or by ASCII.</summary>
    private static int ComparePrerelease(string left, string right)
    {
        if (left == right)
        {
            return 0;
        }

        if (left.Length == 0)
        {
            return 1;
        }

        if (right.Length == 0)
        {
            return -1;
        }

        var a = left.Split('.');
        var b = right.Split('.');
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            var aNumeric = long.TryParse(a[i], NumberStyles.None, CultureInfo.InvariantCulture, out var aNumber);
            var bNumeric = long.TryParse(b[i], NumberStyles.None, CultureInfo.InvariantCulture, out var bNumber);
            var result = (aNumeric, bNumeric) switch
            {
                (true, true) => aNumber.CompareTo(bNumber),
                (true, false) => -1,
                (false, true) => 1,
                _ => string.CompareOrdinal(a[i], b[i]),
            };
            if (result != 0)
            {
                return Math.Sign(result);
            }
        }

        return a.Length.CompareTo(b.Length);
    }

    [GeneratedRegex(@"^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
