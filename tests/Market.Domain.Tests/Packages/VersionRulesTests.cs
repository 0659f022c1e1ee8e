using Market.Domain.Packages.Manifests;

namespace Market.Domain.Tests.Packages;

public sealed class VersionRulesTests
{
    [TestCase("1.2.3")]
    [TestCase("v1.2.3")]
    [TestCase("1")]
    [TestCase("1.2")]
    [TestCase("1.12.6-0")]
    [TestCase("2.0.0-rc.1+build.5")]
    public void Lenient_semantic_versions_parse(string text) => Assert.That(SemanticVersion.TryParse(text, out _), Is.True);

    [TestCase("1.x")]
    [TestCase("1.4.x")]
    [TestCase("")]
    [TestCase("latest")]
    [TestCase("1.2.3.4")]
    public void Non_versions_do_not_parse(string text) => Assert.That(SemanticVersion.TryParse(text, out _), Is.False);

    [TestCase("1.0.0-alpha", "1.0.0-alpha.1")]
    [TestCase("1.0.0-alpha.1", "1.0.0-beta")]
    [TestCase("1.0.0-beta.2", "1.0.0-beta.11")]
    [TestCase("1.0.0-rc.1", "1.0.0")]
    [TestCase("1.9.0", "1.10.0")]
    public void Versions_order_by_semver_precedence(string lower, string higher) =>
        Assert.That(SemanticVersion.ParseOrNull(lower)! < SemanticVersion.ParseOrNull(higher)!, Is.True);

    [TestCase(">=1.12.6-0", "1.12.6", true)]
    [TestCase(">=1.12.6-0", "1.12.5", false)]
    [TestCase(">=1.12.3-0,<1.12.6", "1.12.3", true)]
    [TestCase(">=1.12.3-0,<1.12.6", "1.12.6", false)]
    [TestCase(">=1.12.3-0, <1.12.6", "1.12.2", false)]
    [TestCase(">=1.10.0-0", "1.12.3", true)]
    [TestCase("~1.2.3", "1.2.9", true)]
    [TestCase("~1.2.3", "1.3.0", false)]
    [TestCase("^1.2.3", "1.9.0", true)]
    [TestCase("^1.2.3", "2.0.0", false)]
    [TestCase("1.2.x", "1.2.7", true)]
    [TestCase("1.2.x", "1.3.0", false)]
    [TestCase("<1.0.0 || >=2.0.0", "2.1.0", true)]
    [TestCase("<1.0.0 || >=2.0.0", "1.5.0", false)]
    [TestCase(">=1.0.0", "1.5.0-beta", false)]
    public void Constraints_follow_masterminds_semantics(string range, string version, bool expected)
    {
        Assert.That(VersionConstraint.TryParse(range, out var constraint, out var error), Is.True, error);
        Assert.That(constraint.IsSatisfiedBy(SemanticVersion.ParseOrNull(version)!), Is.EqualTo(expected));
    }

    [TestCase("")]
    [TestCase(">=abc")]
    [TestCase(">= 1.2.3 garbage")]
    public void Malformed_constraints_are_refused(string range) =>
        Assert.That(VersionConstraint.TryParse(range, out _, out _), Is.False);

    [TestCase("100m", true)]
    [TestCase("0.5", true)]
    [TestCase("512Mi", true)]
    [TestCase("1e3", true)]
    [TestCase("1GB", false)]
    [TestCase("1 Gi", false)]
    [TestCase(".5", false)]
    public void Quantities_follow_the_checker_pattern(string value, bool valid) =>
        Assert.That(KubernetesQuantity.IsValid(value), Is.EqualTo(valid));

    [Test]
    public void Quantities_compare_in_base_units()
    {
        Assert.That(KubernetesQuantity.TryParse("1Gi"), Is.EqualTo(1024m * 1024 * 1024));
        Assert.That(KubernetesQuantity.TryParse("100m"), Is.EqualTo(0.1m));
        Assert.That(KubernetesQuantity.TryParse("2") > KubernetesQuantity.TryParse("1500m"), Is.True);
    }
}
