using System.Text.RegularExpressions;

namespace Market.Domain.Packages.Manifests;

/// <summary>
/// A version range in the Masterminds semver/v3 syntax the manifests use for dependencies:
/// <c>&gt;=1.12.6-0</c>, <c>&gt;=1.12.3-0,&lt;1.12.6</c> (comma or space = and), <c>a || b</c> (or),
/// operators <c>= != &gt; &lt; &gt;= &lt;= ~ ~&gt; ^</c> and <c>x</c>/<c>*</c> wildcards.
/// A version with a pre-release only satisfies terms that carry a pre-release themselves.
/// </summary>
public sealed partial class VersionConstraint
{
    private readonly IReadOnlyList<IReadOnlyList<Term>> _alternatives;

    private VersionConstraint(IReadOnlyList<IReadOnlyList<Term>> alternatives, string original)
    {
        _alternatives = alternatives;
        Original = original;
    }

    public string Original { get; }

    /// <summary>Parses the constraint; <paramref name="error"/> says what is wrong when it fails.</summary>
    public static bool TryParse(string? text, out VersionConstraint constraint, out string error)
    {
        constraint = null!;
        error = string.Empty;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "improper constraint: empty";
            return false;
        }

        var alternatives = new List<IReadOnlyList<Term>>();
        foreach (var alternative in text.Split("||"))
        {
            if (!WholeGroup().IsMatch(alternative))
            {
                error = $"improper constraint: {text}";
                return false;
            }

            var terms = new List<Term>();
            foreach (Match match in OneTerm().Matches(alternative))
            {
                if (!Term.TryCreate(match.Groups["op"].Value, match.Groups["ver"].Value, out var term))
                {
                    error = $"improper constraint: {text}";
                    return false;
                }

                terms.Add(term);
            }

            alternatives.Add(terms);
        }

        constraint = new VersionConstraint(alternatives, text);
        return true;
    }

    public bool IsSatisfiedBy(SemanticVersion version) =>
        _alternatives.Any(terms => terms.All(term => term.IsSatisfiedBy(version)));

    public override string ToString() => Original;

    private const string TermPattern = @"(?<op>!=|>=|=>|<=|=<|~>|>|<|=|~|\^)?\s*(?<ver>v?(?:[0-9]+|[xX*])(?:\.(?:[0-9]+|[xX*]))?(?:\.(?:[0-9]+|[xX*]))?(?:-[0-9A-Za-z\-.]+)?(?:\+[0-9A-Za-z\-.]+)?)";

    [GeneratedRegex(@"^\s*" + TermPattern + @"(\s*,?\s*" + TermPattern + @")*\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex WholeGroup();

    [GeneratedRegex(TermPattern, RegexOptions.CultureInvariant)]
    private static partial Regex OneTerm();

    private sealed class Term
    {
        private string _op = string.Empty;
        private SemanticVersion _version = null!;
        private bool _minorWild;
        private bool _patchWild;
        private bool _allWild;
        private bool _minorGiven;

        public static bool TryCreate(string op, string text, out Term term)
        {
            term = new Term { _op = op switch { "=>" => ">=", "=<" => "<=", "~>" => "~", _ => op } };
            var trimmed = text.TrimStart('v');
            var suffixAt = trimmed.IndexOfAny(['-', '+']);
            var core = suffixAt < 0 ? trimmed : trimmed[..suffixAt];
            var suffix = suffixAt < 0 ? string.Empty : trimmed[suffixAt..];
            var parts = core.Split('.');
            static bool Wild(string part) => part is "x" or "X" or "*";
            term._minorGiven = parts.Length > 1 && !Wild(parts[1]);
            string normalized;
            if (Wild(parts[0]))
            {
                term._allWild = true;
                normalized = "0.0.0" + suffix;
            }
            else if (parts.Length > 1 && Wild(parts[1]))
            {
                term._minorWild = true;
                normalized = $"{parts[0]}.0.0{suffix}";
            }
            else if (parts.Length > 2 && Wild(parts[2]))
            {
                term._patchWild = true;
                normalized = $"{parts[0]}.{parts[1]}.0{suffix}";
            }
            else
            {
                normalized = trimmed;
            }

            if (!SemanticVersion.TryParse(normalized, out var version))
            {
                return false;
            }

            term._version = version;
            return true;
        }

        private bool Dirty => _allWild || _minorWild || _patchWild;

        public bool IsSatisfiedBy(SemanticVersion v)
        {
            // Pre-releases only match terms that name a pre-release (Masterminds semantics).
            if (v.Prerelease.Length > 0 && _version.Prerelease.Length == 0)
            {
                return false;
            }

            var c = _version;
            return _op switch
            {
                "" or "=" => Dirty ? Tilde(v) : v == c,
                "!=" => Dirty ? !Tilde(v) : v != c,
                ">" => _allWild ? false
                    : _minorWild ? v.Major > c.Major
                    : _patchWild ? v.Major > c.Major || (v.Major == c.Major && v.Minor > c.Minor)
                    : v > c,
                "<" => v < c,
                ">=" => v >= c,
                "<=" => _allWild ? true
                    : _minorWild ? v.Major <= c.Major
                    : _patchWild ? v.Major < c.Major || (v.Major == c.Major && v.Minor <= c.Minor)
                    : v <= c,
                "~" => Tilde(v),
                "^" => Caret(v),
                _ => false,
            };
        }

        private bool Tilde(SemanticVersion v)
        {
            var c = _version;
            if (_allWild)
            {
                return true;
            }

            if (v < c || v.Major != c.Major)
            {
                return false;
            }

            return !_minorGiven || _minorWild || v.Minor == c.Minor;
        }

        private bool Caret(SemanticVersion v)
        {
            var c = _version;
            if (_allWild)
            {
                return true;
            }

            if (v < c)
            {
                return false;
            }

            if (c.Major > 0 || _minorWild)
            {
                return v.Major == c.Major;
            }

            if (c.Minor > 0 || _patchWild)
            {
                return v.Major == 0 && v.Minor == c.Minor;
            }

            return v.Major == 0 && v.Minor == 0 && v.Patch == c.Patch;
        }
    }
}
