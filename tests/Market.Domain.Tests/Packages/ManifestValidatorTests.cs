using System.Text.Json.Nodes;
using Market.Domain.Packages.Manifests;

namespace Market.Domain.Tests.Packages;

/// <summary>The checker's rules, driven by the negative fixtures of olares-manifest.md §7.D (mutate one example, expect one message).</summary>
public sealed class ManifestValidatorTests
{
    private static IEnumerable<TestCaseData> ValidManifests()
    {
        yield return new TestCaseData(ManifestFixtures.Quillnote()).SetName("quillnote (0.12.0, v3, flat envelope) passes");
        yield return new TestCaseData(ManifestFixtures.Tidepool()).SetName("tidepool (0.10.0, several entrances, envs) passes");
        yield return new TestCaseData(ManifestFixtures.Quartzdb()).SetName("quartzdb (0.12.0 middleware, accelerator row) passes");
    }

    [TestCaseSource(nameof(ValidManifests))]
    public void Example_manifests_pass_every_rule(JsonObject manifest)
    {
        Assert.That(ManifestValidator.Validate(manifest).Select(e => e.Describe()), Is.Empty);
    }

    [TestCase("metadata.title", "Quill Notes for Teams and Families", "metadata.title must be 1-30 characters")]
    [TestCase("metadata.title", "量子笔记本应用程序专业版", "metadata.title must be 1-30 characters")]
    [TestCase("metadata.version", "1.4.x", "metadata.version must be a valid semantic version (e.g. 1.2.3)")]
    [TestCase("metadata.icon", "ftp://assets.quillnote.example/i.png", "metadata.icon must be a valid http(s) URL")]
    [TestCase("metadata.appid", "market", "metadata.appid \"market\" collides with a reserved system app id; choose a different value (the loader normalizes appid to md5(metadata.name)[:8] anyway, so leaving the field empty is also fine)")]
    [TestCase("apiVersion", "v4", "apiVersion: not supported version")]
    [TestCase("entrances.0.host", "q", "entrances[0].host: entrance.host must match ^[a-z]([-a-z0-9]*[a-z0-9])$")]
    [TestCase("entrances.0.authLevel", "protected", "entrances[0].authLevel: entrance.authLevel must be one of \"\", \"public\", \"private\"")]
    [TestCase("entrances.0.openMethod", "windows", "entrances[0].openMethod: entrance.openMethod must be one of \"\", \"default\", \"iframe\", \"window\"")]
    [TestCase("metadata.name", "", "metadata.name is required")]
    [TestCase("metadata.description", "", "metadata.description is required")]
    public void A_single_mutation_of_quillnote_names_the_field(string path, string value, string expected)
    {
        var manifest = ManifestFixtures.Quillnote();
        Set(manifest, path, JsonValue.Create(value));

        Assert.That(Messages(manifest), Is.EqualTo(new[] { expected }));
    }

    [Test]
    public void A_negative_port_is_refused_and_port_zero_passes()
    {
        var manifest = ManifestFixtures.Quillnote();
        Set(manifest, "entrances.0.port", JsonValue.Create(-1));
        Assert.That(Messages(manifest), Is.EqualTo(new[] { "entrances[0].port: entrance.port must be > 0" }));

        Set(manifest, "entrances.0.port", JsonValue.Create(0));
        Assert.That(Messages(manifest), Is.Empty);
    }

    [Test]
    public void A_quoted_port_is_a_type_error()
    {
        var manifest = ManifestFixtures.Quillnote();
        Set(manifest, "entrances.0.port", JsonValue.Create("8080"));

        Assert.That(Messages(manifest), Is.EqualTo(new[] { "entrances[0].port must be an integer (got string \"8080\")" }));
    }

    [Test]
    public void Modern_manifest_without_workloadReplicas_is_refused()
    {
        var manifest = ManifestFixtures.Quillnote();
        manifest.Remove("workloadReplicas");

        Assert.That(Messages(manifest), Is.EqualTo(new[]
        {
            "workloadReplicas is required for olaresManifest.version >= 0.12.0; declare a workloadReplicas.<workload>: <count> entry for every Deployment/StatefulSet",
        }));
    }

    [Test]
    public void Modern_manifest_needs_the_olares_system_dependency()
    {
        var manifest = ManifestFixtures.Quillnote();
        manifest["options"]!["dependencies"] = new JsonArray();

        Assert.That(Messages(manifest), Is.EqualTo(new[]
        {
            "options.dependencies must declare an entry with name=\"olares\" and type=\"system\" for olaresManifest.version >= 0.12.0",
        }));
    }

    [Test]
    public void Olares_range_of_a_v3_manifest_must_start_at_1_12_6()
    {
        var manifest = ManifestFixtures.Quillnote();
        Set(manifest, "options.dependencies.0.version", JsonValue.Create(">=1.12.0-0"));

        Assert.That(Messages(manifest), Is.EqualTo(new[]
        {
            "options.dependencies[name=olares].version \">=1.12.0-0\" must restrict the Olares system version to \">=1.12.6-0\" for apiVersion=v3; the constraint currently allows 1.12.5, which is outside the supported range",
            "options.dependencies[name=olares].version \">=1.12.0-0\" must restrict the Olares system version to \">=1.12.6-0\" for apiVersion=v3; the constraint currently allows 1.12.0, which is outside the supported range",
        }));
    }

    [Test]
    public void Legacy_manifest_may_use_an_older_olares_range()
    {
        Assert.That(Messages(ManifestFixtures.Tidepool()), Is.Empty, "the >=1.12.0-0 window rule applies from 0.12.0 only");
    }

    [Test]
    public void Duplicate_architectures_are_refused()
    {
        var manifest = ManifestFixtures.Quillnote();
        Set(manifest, "spec.supportArch", new JsonArray("amd64", "amd64"));

        Assert.That(Messages(manifest), Is.EqualTo(new[] { "spec.supportArch[1]: duplicate value \"amd64\"" }));
    }

    [Test]
    public void Template_only_apps_must_allow_multiple_installs()
    {
        var manifest = ManifestFixtures.Quillnote();
        Set(manifest, "options.templateOnly", JsonValue.Create(true));

        Assert.That(Messages(manifest), Does.Contain(
            "options.allowMultipleInstall must be true when options.templateOnly is true; template-only apps are installed as multiple clones"));
    }

    [Test]
    public void Shared_apps_need_v3_and_an_admin_only_install()
    {
        var manifest = ManifestFixtures.Quillnote();
        manifest["apiVersion"] = "v1";
        Set(manifest, "options.shared", JsonValue.Create(true));

        var messages = Messages(manifest);
        Assert.That(messages, Does.Contain("options.shared=true is only supported for apiVersion=v3 (got \"v1\")"));
        Assert.That(messages, Does.Contain("spec.onlyAdmin must be true when options.shared=true; shared apps service every user on the cluster and may only be installed by an admin"));
    }

    [Test]
    public void Second_entrance_with_the_first_ones_name_is_a_duplicate()
    {
        var manifest = ManifestFixtures.Tidepool();
        Set(manifest, "entrances.1.name", JsonValue.Create("tidepool"));

        Assert.That(Messages(manifest), Is.EqualTo(new[] { "entrances[1].name: duplicate entrance name \"tidepool\"" }));
    }

    [Test]
    public void Legacy_manifest_needs_its_flat_resource_envelope()
    {
        var one = ManifestFixtures.Tidepool();
        ((JsonObject)one["spec"]!).Remove("limitedCpu");
        Assert.That(Messages(one), Is.EqualTo(new[] { "spec.limitedCpu is required for olaresManifest.version < 0.12.0" }));

        var all = ManifestFixtures.Tidepool();
        foreach (var field in new[] { "requiredCpu", "limitedCpu", "requiredMemory", "limitedMemory", "requiredDisk" })
        {
            ((JsonObject)all["spec"]!).Remove(field);
        }

        Assert.That(Messages(all), Is.EqualTo(new[]
        {
            "spec.requiredCpu / spec.limitedCpu / spec.requiredMemory / spec.limitedMemory / spec.requiredDisk are required for olaresManifest.version < 0.12.0; populate the legacy resource envelope",
        }));
    }

    [Test]
    public void Bad_quantities_dependency_types_and_durations_are_named()
    {
        var manifest = ManifestFixtures.Tidepool();
        Set(manifest, "spec.requiredMemory", JsonValue.Create("1GB"));
        Set(manifest, "options.dependencies.0.type", JsonValue.Create("service"));
        Set(manifest, "options.policies.0.validDuration", JsonValue.Create("1 hour"));
        Set(manifest, "permission.externalData", JsonValue.Create(true));

        Assert.That(Messages(manifest), Is.EquivalentTo(new[]
        {
            "spec.requiredMemory must be a valid Kubernetes quantity (got \"1GB\")",
            "options.dependencies[0].type: dependency.type must be system, application or middleware",
            "options.policies[0].validDuration: policy.validDuration is malformed",
            "permission.externalData is only supported for olaresManifest.version >= 0.12.0",
        }));
    }

    [Test]
    public void Accelerator_rows_are_checked_for_limits_gpu_and_architecture()
    {
        var lowLimit = ManifestFixtures.Quartzdb();
        Set(lowLimit, "spec.accelerator.0.limitedCpu", JsonValue.Create("50m"));
        Assert.That(Messages(lowLimit), Is.EqualTo(new[] { "spec.resources[0]: limitedCpu (50m) must be >= requiredCpu (100m)" }));

        var gpuOnCpu = ManifestFixtures.Quartzdb();
        Set(gpuOnCpu, "spec.accelerator.0.requiredGPUMemory", JsonValue.Create("4Gi"));
        Assert.That(Messages(gpuOnCpu), Is.EqualTo(new[]
        {
            "spec.resources[0]: requiredGpu must be empty for mode=cpu (only mode=amd-gpu / mode=nvidia support a standalone gpu memory requirement)",
        }));

        var nvidia = ManifestFixtures.Quartzdb();
        Set(nvidia, "spec.accelerator.0.mode", JsonValue.Create("nvidia"));
        Set(nvidia, "spec.supportArch", new JsonArray("arm64"));
        Assert.That(Messages(nvidia), Is.EquivalentTo(new[]
        {
            "spec.resources[0]: requiredGpu is required to declare a complete resource envelope (mode=nvidia)",
            "spec.resources[0]: limitedGpu is required to declare a complete resource envelope (mode=nvidia)",
            "spec.resources[0]: mode=nvidia requires spec.supportArch to contain \"amd64\"",
        }));

        var both = ManifestFixtures.Quartzdb();
        Set(both, "spec.requiredCpu", JsonValue.Create("100m"));
        Assert.That(Messages(both), Is.EqualTo(new[] { "spec.requiredCpu must be empty when spec.resources[] is set; pick one or the other" }));
    }

    [Test]
    public void V3_env_names_must_not_claim_the_user_namespace()
    {
        var manifest = ManifestFixtures.Quartzdb();
        manifest["envs"] = new JsonArray(new JsonObject { ["envName"] = "OLARES_USER_TOKEN" });

        Assert.That(Messages(manifest), Is.EqualTo(new[]
        {
            "envs[0].envName: must not start with \"OLARES_USER\" (declare an app-local name and map user variables with valueFrom.envName)",
        }));
    }

    [Test]
    public void Every_violation_is_reported_not_only_the_first()
    {
        var manifest = ManifestFixtures.Quillnote();
        Set(manifest, "metadata.version", JsonValue.Create("1.x"));
        Set(manifest, "metadata.icon", JsonValue.Create("not a url"));
        Set(manifest, "entrances.0.title", JsonValue.Create(string.Empty));

        Assert.That(ManifestValidator.Validate(manifest).Select(e => e.Path), Is.EquivalentTo(new[] { "metadata.version", "metadata.icon", "entrances[0].title" }));
    }

    private static IReadOnlyList<string> Messages(JsonObject manifest) => ManifestValidator.Validate(manifest).Select(e => e.Describe()).ToList();

    /// <summary>Sets a value at a dotted path (<c>entrances.0.host</c>); keys may contain dots when they exist as such.</summary>
    private static void Set(JsonObject manifest, string path, JsonNode? value)
    {
        var parts = path.Split('.');
        JsonNode current = manifest;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            current = int.TryParse(parts[i], out var index) ? current[index]! : current[parts[i]] ??= new JsonObject();
        }

        var last = parts[^1];
        if (int.TryParse(last, out var at))
        {
            current[at] = value;
        }
        else
        {
            current[last] = value;
        }
    }
}
