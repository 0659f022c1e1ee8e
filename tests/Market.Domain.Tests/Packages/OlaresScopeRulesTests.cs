using System.Text.Json.Nodes;
using Market.Domain.Packages.Manifests;

namespace Market.Domain.Tests.Packages;

/// <summary>What an app requires of the cluster's Olares version, and manifest keys in the clients' spelling (olares-current §2, §7).</summary>
public sealed class OlaresScopeRulesTests
{
    [Test]
    public void The_v2_listing_constraint_wins_over_the_manifest_dependency()
    {
        var entry = JsonNode.Parse("""
            {"olares_version_constraint":">=1.12.7-0","options":{"dependencies":[{"name":"olares","type":"system","version":">=1.10.0-0"}]}}
            """)!.AsObject();

        Assert.That(OlaresRequirement.Of(entry)!.Constraint, Is.EqualTo(">=1.12.7-0"));
    }

    [Test]
    public void The_olares_system_dependency_is_the_requirement_of_a_manifest()
    {
        var entry = JsonNode.Parse("""
            {"options":{"dependencies":[{"name":"redis","type":"middleware","version":">=7"},{"name":"olares","type":"system","version":">=1.12.6-0"}]}}
            """)!.AsObject();

        Assert.That(OlaresRequirement.Of(entry)!.Constraint, Is.EqualTo(">=1.12.6-0"));
        Assert.That(OlaresRequirement.Of(JsonNode.Parse("""{"options":{}}""")!.AsObject()), Is.Null, "no requirement, no scoping");
    }

    [TestCase(">=1.12.6-0", "1.12.5", false)]
    [TestCase(">=1.12.6-0", "1.12.6", true)]
    [TestCase(">=1.12.6-0", "1.12.7", true)]
    [TestCase(">=1.12.3-0,<1.12.6", "1.12.7", false)]
    [TestCase("not a range", "1.12.5", true)]
    [TestCase(">=1.12.6-0", "unknown", true)]
    public void A_cluster_version_satisfies_or_not(string constraint, string cluster, bool satisfied) =>
        Assert.That(new OlaresRequirement(constraint).IsSatisfiedBy(cluster), Is.EqualTo(satisfied));

    [Test]
    public void The_refusal_names_the_required_and_the_running_version() =>
        Assert.That(new OlaresRequirement(">=1.12.6-0").Describe("wiki", "1.12.5"), Is.EqualTo("wiki requires Olares >=1.12.6-0; this cluster runs Olares 1.12.5"));

    [Test]
    public void Option_and_permission_keys_take_the_clients_spelling()
    {
        var manifest = JsonNode.Parse("""
            {"options":{"allowedOutBoundPorts":[25],"AppScope":{"ClusterScoped":true},"Dependencies":[{"Name":"olares","TYPE":"system","Version":">=1.12.6-0"}],"custom":1},
             "permission":{"AppData":true,"allowedOutboundPorts":1}}
            """)!.AsObject();

        ManifestKeys.Canonicalize(manifest);

        var expected = JsonNode.Parse(
            """{"options":{"custom":1,"allowedOutboundPorts":[25],"appScope":{"clusterScoped":true},"dependencies":[{"name":"olares","type":"system","version":">=1.12.6-0"}]},"permission":{"allowedOutboundPorts":1,"appData":true}}""");
        Assert.That(JsonNode.DeepEquals(manifest, expected), Is.True, manifest.ToJsonString());
        Assert.That(OlaresRequirement.Of(manifest)!.Constraint, Is.EqualTo(">=1.12.6-0"), "an oddly spelled dependency still scopes the app");
    }

    [Test]
    public void The_canonical_spelling_wins_when_a_chart_has_both()
    {
        var manifest = JsonNode.Parse("""{"options":{"allowedOutboundPorts":[443],"allowedOutBoundPorts":[25]}}""")!.AsObject();

        ManifestKeys.Canonicalize(manifest);

        Assert.That(manifest["options"]!.ToJsonString(), Is.EqualTo("""{"allowedOutboundPorts":[443]}"""));
    }
}
