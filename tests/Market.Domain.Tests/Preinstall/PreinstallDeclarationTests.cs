using System.Text;
using System.Text.Json.Nodes;
using Market.Domain.Preinstall;

namespace Market.Domain.Tests.Preinstall;

/// <summary>The rules a preinstall declaration must pass (olares-current §4); one broken rule refuses the whole file.</summary>
public sealed class PreinstallDeclarationTests
{
    private const string Sha = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

    private static JsonObject Catalog(string id = "f3395cd5", string name = "router", int order = 20) => new()
    {
        ["appId"] = id, ["appName"] = name, ["installScope"] = "shared", ["installOrder"] = order, ["chartSource"] = "catalog",
    };

    private static JsonObject Local(string id = "m1", string name = "shared-model", string chart = "charts/shared-model-1.0.0.tgz") => new()
    {
        ["appId"] = id, ["appName"] = name, ["installScope"] = "per-user", ["installOrder"] = 10, ["chartSource"] = "local",
        ["version"] = "1.0.0", ["chart"] = chart, ["chartSha256"] = Sha, ["appEntry"] = new JsonObject(),
        ["selectedGpuType"] = "nvidia", ["envs"] = new JsonObject { ["HF_HUB_OFFLINE"] = "1" },
        ["artifacts"] = new JsonArray(new JsonObject
        {
            ["kind"] = "hf-cache", ["source"] = "hf", ["repo"] = "owner/repo", ["revision"] = new string('b', 40),
            ["manifest"] = "manifests/shared-model.json", ["manifestSha256"] = Sha, ["totalSize"] = 10,
        }),
    };

    private static (PreinstallDeclaration? Declaration, List<string> Errors) Parse(string schema, params JsonObject[] apps) =>
        Parse(new JsonObject { ["schemaVersion"] = schema, ["apps"] = new JsonArray(apps) }.ToJsonString());

    private static (PreinstallDeclaration? Declaration, List<string> Errors) Parse(string json, string file = "preinstall-1.12.7.json")
    {
        var declaration = PreinstallDeclaration.Parse(file, Encoding.UTF8.GetBytes(json), out var errors);
        return (declaration, errors);
    }

    [Test]
    public void The_golden_shape_is_valid_and_ordered_by_installOrder()
    {
        var (declaration, errors) = Parse("2", Catalog(), Local());

        Assert.That(errors, Is.Empty);
        Assert.That(declaration!.Trunk, Is.EqualTo("1.12.7"));
        Assert.That(declaration.Apps.Select(a => a.AppName), Is.EqualTo(new[] { "shared-model", "router" }));
        var model = declaration.Apps[0];
        Assert.That((model.IsLocal, model.IsShared, model.SelectedGpuType, model.Envs["HF_HUB_OFFLINE"]), Is.EqualTo((true, false, "nvidia", "1")));
    }

    [TestCase("1", "schemaVersion '1' is not supported (only \"2\")")]
    [TestCase("", "schemaVersion '' is not supported (only \"2\")")]
    public void Only_schema_2_is_read(string schema, string expected) =>
        Assert.That(Parse(schema, Catalog()).Errors, Is.EqualTo(new[] { expected }));

    [Test]
    public void Limits_of_size_and_count()
    {
        var tooMany = Enumerable.Range(0, PreinstallDeclaration.MaxApps + 1).Select(i => Catalog($"id{i}", $"app{i}")).ToArray();
        Assert.That(Parse("2", tooMany).Errors, Is.EqualTo(new[] { "apps has 257 entries, more than the 256 allowed" }));

        var huge = "{\"schemaVersion\":\"2\",\"apps\":[],\"pad\":\"" + new string('x', (int)PreinstallDeclaration.MaxBytes) + "\"}";
        Assert.That(Parse(huge).Errors.Single(), Does.StartWith("file is 8388").And.EndWith("bytes, more than the 8388608 allowed"));
    }

    [Test]
    public void Duplicates_secrets_and_missing_local_fields_are_named()
    {
        var secret = Local();
        secret["envs"] = new JsonObject { ["HF_TOKEN"] = "hf_abc" };
        var bare = new JsonObject { ["appId"] = "x", ["appName"] = "bare", ["installScope"] = "everyone", ["installOrder"] = -1, ["chartSource"] = "local" };

        var (declaration, errors) = Parse("2", Catalog(), Catalog(name: "router2"), Catalog("other", "router"), secret, bare);

        Assert.That(declaration, Is.Null);
        Assert.That(errors, Is.SupersetOf(new[]
        {
            "apps[3].envs key 'HF_TOKEN' looks like a secret; secrets cannot be declared in a preinstall file",
            "apps[4].installScope must be \"shared\" or \"per-user\"",
            "apps[4].installOrder must be an integer >= 0",
            "apps[4].version is required",
            "apps[4].chart is required",
            "apps[4].chartSha256 is required",
            "apps[4].appEntry (an object) is required for a local chart",
            "appId 'f3395cd5' is declared more than once",
            "appName 'router' is declared more than once",
        }));
        Assert.That(string.Join("\n", errors), Does.Not.Contain("hf_abc"), "a secret value is never repeated");
    }

    [Test]
    public void Payload_paths_must_stay_inside_the_folder_and_not_overlap()
    {
        var climbing = Local(chart: "charts/../../etc/x.tgz");
        var overlapping = Local("m2", "second-model");

        var errors = Parse("2", climbing).Errors.Concat(Parse("2", Local(), overlapping).Errors).ToList();

        Assert.That(errors, Does.Contain("apps[0].chart 'charts/../../etc/x.tgz' must be a .tgz under chart/ or charts/"));
        Assert.That(errors, Does.Contain("payload path 'charts/shared-model-1.0.0.tgz' is declared more than once"));
        Assert.That(errors, Does.Contain("payload path 'manifests/shared-model.json' is declared more than once"));
    }

    [TestCase("preinstall-1.12.7.json", "1.12.7")]
    [TestCase("preinstall-1.13.0.json", "1.13.0")]
    [TestCase("preinstall.json", null)]
    [TestCase("preinstall-../x.json", null)]
    public void The_trunk_comes_from_the_file_name(string file, string? trunk) =>
        Assert.That(PreinstallDeclaration.TrunkOf(file), Is.EqualTo(trunk));
}
