using System.Text.Json.Nodes;
using static Market.Domain.Packages.Manifests.ManifestJson;

namespace Market.Domain.Packages.Manifests;

/// <summary>
/// The Olares versions an app runs on (olares-current §2, §7): the v2 listing's <c>olares_version_constraint</c>,
/// else the manifest's system dependency <c>{name: olares, type: system, version}</c> under <c>options.dependencies</c>.
/// A catalog is scoped to the cluster's version by it, and an install is refused when the cluster is outside it.
/// </summary>
public sealed record OlaresRequirement(string Constraint)
{
    /// <summary>The key a v2 source puts on each listed app (and that Market keeps on the stored entry).</summary>
    public const string ConstraintKey = "olares_version_constraint";

    /// <summary>What the entry (or manifest) requires; null when it says nothing.</summary>
    public static OlaresRequirement? Of(JsonObject? entry)
    {
        var declared = Text(entry, ConstraintKey);
        if (declared.Length == 0)
        {
            declared = Text(entry, "olaresVersionConstraint");
        }

        if (declared.Length == 0)
        {
            var dependency = Objects(Object(entry, "options"), "dependencies")
                .FirstOrDefault(d => Text(d, "type") == "system" && Text(d, "name").Equals("olares", StringComparison.OrdinalIgnoreCase));
            declared = Text(dependency, "version");
        }

        return string.IsNullOrWhiteSpace(declared) ? null : new OlaresRequirement(declared.Trim());
    }

    /// <summary>
    /// True when <paramref name="clusterVersion"/> satisfies the constraint. A constraint or version that cannot be
    /// read does not hide an app: Market cannot tell, and app-service still checks at install.
    /// </summary>
    public bool IsSatisfiedBy(string clusterVersion) =>
        !VersionConstraint.TryParse(Constraint, out var constraint, out _)
        || SemanticVersion.ParseOrNull(clusterVersion) is not { } version
        || constraint.IsSatisfiedBy(version);

    /// <summary>The sentence users and admins read: what the app needs against what the cluster runs.</summary>
    public string Describe(string appName, string clusterVersion) =>
        $"{appName} requires Olares {Constraint}; this cluster runs Olares {clusterVersion}";
}
