using System.Text.Json.Nodes;
using Market.Application.Packages.Commands.UploadAppPackage;

namespace Market.Application.Tests.Packages;

/// <summary>The catalog entry built from a manifest: what the web app reads must be there even when the manifest is sparse.</summary>
public sealed class ApplicationInfoEntryBuilderTests
{
    private static readonly DateTime UpdatedAt = new(2026, 5, 1, 12, 0, 0, DateTimeKind.Utc);

    [Test]
    public void Sparse_manifest_gets_non_empty_categories_architectures_and_lists()
    {
        var manifest = JsonNode.Parse("""
            {"olaresManifest.version":"0.10.0","metadata":{"name":"tiny","title":"Tiny","description":"d","icon":"https://x.example/i.png","version":"1.0.0"},
             "entrances":[{"name":"tiny","host":"tiny","port":80,"title":"Tiny"}],"spec":{}}
            """)!.AsObject();

        var entry = ApplicationInfoEntryBuilder.Build(manifest, "abcd1234", zone: null, UpdatedAt, []);

        Assert.Multiple(() =>
        {
            Assert.That(entry["cfgType"]!.GetValue<string>(), Is.EqualTo("app"));
            Assert.That(entry["categories"]!.AsArray(), Is.Not.Empty);
            Assert.That(entry["supportArch"]!.ToJsonString(), Is.EqualTo("""["amd64","arm64"]"""));
            Assert.That(entry["options"]!["dependencies"], Is.InstanceOf<JsonArray>());
            Assert.That(entry["fullDescription"], Is.InstanceOf<JsonObject>());
            Assert.That(entry["entrances"]![0]!["authLevel"]!.GetValue<string>(), Is.EqualTo("private"));
            Assert.That(entry["entrances"]![0]!.AsObject().ContainsKey("url"), Is.False, "no owner, no zone, no URL");
            Assert.That(entry["createTime"]!.GetValue<long>(), Is.EqualTo(new DateTimeOffset(UpdatedAt).ToUnixTimeSeconds()));
            Assert.That(entry["updated_at"]!.GetValue<string>(), Is.EqualTo("2026-05-01T12:00:00Z"));
            Assert.That(entry["chartName"]!.GetValue<string>(), Is.EqualTo("tiny-1.0.0.tgz"));
        });
    }

    [Test]
    public void Accelerator_only_manifest_shows_the_cpu_row_as_requirements()
    {
        var manifest = JsonNode.Parse("""
            {"olaresManifest.version":"0.12.0","olaresManifest.type":"middleware","apiVersion":"v3",
             "metadata":{"name":"quartzdb","title":"QuartzDB","description":"d","icon":"https://x.example/i.png","version":"2.4.7"},
             "entrances":[{"name":"quartzdb","host":"quartzdb-headless","port":5710,"title":"QuartzDB","invisible":true}],
             "spec":{"accelerator":[{"mode":"nvidia","requiredCpu":"1","limitedCpu":"8","requiredMemory":"1Gi","limitedMemory":"16Gi","requiredDisk":"1Gi","limitedDisk":"10Gi","requiredGPUMemory":"8Gi","limitedGPUMemory":"16Gi"},
                                    {"mode":"cpu","requiredCpu":"100m","limitedCpu":"4","requiredMemory":"256Mi","limitedMemory":"8Gi","requiredDisk":"1Gi","limitedDisk":"100Gi"}]}}
            """)!.AsObject();

        var entry = ApplicationInfoEntryBuilder.Build(manifest, "42172bb1", zone: null, UpdatedAt, []);

        Assert.That(entry["cfgType"]!.GetValue<string>(), Is.EqualTo("middleware"));
        Assert.That(entry["apiVersion"]!.GetValue<string>(), Is.EqualTo("v3"));
        Assert.That(entry["requiredCPU"]!.GetValue<string>(), Is.EqualTo("100m"));
        Assert.That(entry["requiredMemory"]!.GetValue<string>(), Is.EqualTo("256Mi"));
        Assert.That(entry["limitedDisk"]!.GetValue<string>(), Is.EqualTo("100Gi"));
        Assert.That(entry["entrances"]![0]!["invisible"]!.GetValue<bool>(), Is.True);
    }

    [Test]
    public void Several_entrances_get_numbered_urls_and_i18n_fills_every_text_map()
    {
        var manifest = JsonNode.Parse("""
            {"olaresManifest.version":"0.10.0","metadata":{"name":"tidepool","title":"Tidepool","description":"Team chat","icon":"https://x.example/i.png","version":"2.0.3"},
             "entrances":[{"name":"web","host":"tidepool-web","port":3000,"title":"Tidepool"},{"name":"admin","host":"tidepool-admin","port":3100,"title":"Admin"}],
             "spec":{"fullDescription":"Long text","upgradeDescription":"- fixes"},
             "i18n":{"zh-CN":{"metadata":{"title":"潮池","description":"团队聊天"},"spec":{"upgradeDescription":"- 修复"}}}}
            """)!.AsObject();

        var entry = ApplicationInfoEntryBuilder.Build(manifest, "f3db9e85", "alice.olares.com", UpdatedAt, []);

        Assert.That(entry["entrances"]!.AsArray().Select(e => e!["url"]!.GetValue<string>()),
            Is.EqualTo(new[] { "f3db9e850.alice.olares.com", "f3db9e851.alice.olares.com" }));
        Assert.That(entry["title"]!["zh-CN"]!.GetValue<string>(), Is.EqualTo("潮池"));
        Assert.That(entry["description"]!["en-US"]!.GetValue<string>(), Is.EqualTo("Team chat"));
        Assert.That(entry["upgradeDescription"]!["zh-CN"]!.GetValue<string>(), Is.EqualTo("- 修复"));
        Assert.That(entry["fullDescription"]!.AsObject().Select(p => p.Key), Is.EqualTo(new[] { "en-US" }));
        Assert.That(entry["i18n"]!["zh-CN"]!["metadata"]!["title"]!.GetValue<string>(), Is.EqualTo("潮池"));
        Assert.That(entry["i18n"]!["zh-CN"]!.AsObject().ContainsKey("entrances"), Is.True);
    }

    [TestCase("quillnote", "cd52e2e0")]
    [TestCase("tidepool", "f3db9e85")]
    [TestCase("quartzdb", "42172bb1")]
    public void App_id_is_the_md5_prefix_of_the_app_id(string appId, string expected) =>
        Assert.That(ChartPackageLoader.AppIdOf(appId), Is.EqualTo(expected));
}
