using System.Net;
using System.Text.Json.Nodes;
using Market.Api.Tests.Infrastructure;
using static Market.Api.Tests.Infrastructure.CatalogTestKit;

namespace Market.Api.Tests.Packages;

/// <summary>
/// Issue 16, real charts rendered exactly (olares-current §7): each test uploads a chart of the shape found in
/// the public Olares app repository and reads it back as the web app and the CLI do.
/// </summary>
public sealed class RealChartRenderingTests
{
    private MarketApiFactory _factory = null!;
    private HttpClient _alice = null!;

    [SetUp]
    public void SetUp()
    {
        _factory = new MarketApiFactory(new Dictionary<string, string?> { ["Market:Demo:Enabled"] = "false" });
        _alice = _factory.CreateUserClient("alice");
    }

    [TearDown]
    public async Task TearDown()
    {
        _alice.Dispose();
        await _factory.DisposeAsync();
    }

    [Test]
    public async Task The_manifest_is_the_en_US_text_whatever_its_i18n_en_US_file_says()
    {
        var chart = ChartArchiveBuilder.Valid("quillnote", "1.4.2", ChartArchiveBuilder.Manifest(upgradeDescription: "This release's notes"))
            .File("quillnote/i18n/en-US/OlaresManifest.yaml", """
                metadata:
                  title: Quill Notes (previous release)
                  description: The stale description
                spec:
                  upgradeDescription: The previous release's notes
                """);
        await (await _alice.UploadAsync(chart.Build())).ReadEnvelopeAsync(HttpStatusCode.OK);

        var app = await AppInfoAsync("quillnote");
        var entry = app["app_info"]!["app_entry"]!;
        Assert.That(entry["title"]!["en-US"]!.GetValue<string>(), Is.EqualTo("Quill Notes"));
        Assert.That(entry["description"]!["en-US"]!.GetValue<string>(), Is.EqualTo("A calm, self-hosted Markdown notebook"));
        Assert.That(entry["upgradeDescription"]!["en-US"]!.GetValue<string>(), Does.Contain("This release's notes"));
        Assert.That(entry["i18n"]!["en-US"]!["metadata"]!["title"]!.GetValue<string>(), Is.EqualTo("Quill Notes"), "what olares-cli reads");
        Assert.That(entry["title"]!["zh-CN"]!.GetValue<string>(), Is.EqualTo("Quill 笔记"), "other locales still come from their files");

        var simple = Source(await DataAsync(_alice), "upload")["app_info_latest"]![0]!["app_simple_info"]!;
        Assert.That(simple["app_title"]!["en-US"]!.GetValue<string>(), Is.EqualTo("Quill Notes"));
        Assert.That(simple["app_description"]!["en-US"]!.GetValue<string>(), Is.EqualTo("A calm, self-hosted Markdown notebook"));
    }

    [Test]
    public async Task A_broken_optional_locale_file_loses_only_that_locale()
    {
        var chart = ChartArchiveBuilder.Valid("quillnote", "1.4.2")
            .File("quillnote/i18n/fr-FR/OlaresManifest.yaml", "metadata:\n  title: [Carnet Quill\n  description: : :\n");
        await (await _alice.UploadAsync(chart.Build())).ReadEnvelopeAsync(HttpStatusCode.OK);

        var entry = (await AppInfoAsync("quillnote"))["app_info"]!["app_entry"]!;
        Assert.That(entry["title"]!.AsObject().Select(p => p.Key), Is.EquivalentTo(new[] { "en-US", "zh-CN" }));
        Assert.That(entry["i18n"]!.AsObject().Select(p => p.Key), Is.EquivalentTo(new[] { "zh-CN" }));
    }

    [Test]
    public async Task Manifest_version_is_the_manifests_olaresManifest_version()
    {
        await (await _alice.UploadAsync(ChartArchiveBuilder.Valid("quillnote", "1.4.2").Build())).ReadEnvelopeAsync(HttpStatusCode.OK);

        var app = await AppInfoAsync("quillnote");

        Assert.That(app["manifest_version"]!.GetValue<string>(), Is.EqualTo("0.12.0"));
        Assert.That(app["version"]!.GetValue<string>(), Is.EqualTo("1.4.2"), "the app's own version stays apart");
    }

    [Test]
    public async Task Option_and_permission_keys_spelled_oddly_reach_clients_in_their_spelling()
    {
        var manifest = ChartArchiveBuilder.Manifest()
            .Replace("options:\n  dependencies:", "options:\n  allowedOutBoundPorts:\n  - 8443\n  AllowMultipleInstall: true\n  dependencies:", StringComparison.Ordinal)
            .Replace("permission:\n  appData: true", "permission:\n  AppData: true\n  appcache: true", StringComparison.Ordinal);
        Assert.That(manifest, Does.Contain("allowedOutBoundPorts").And.Contain("appcache"), "the test chart has the odd spellings");
        await (await _alice.UploadAsync(ChartArchiveBuilder.Valid("quillnote", "1.4.2", manifest).Build())).ReadEnvelopeAsync(HttpStatusCode.OK);

        var entry = (await AppInfoAsync("quillnote"))["app_info"]!["app_entry"]!;

        Assert.That(entry["options"]!["allowedOutboundPorts"]!.ToJsonString(), Is.EqualTo("[8443]"));
        Assert.That(entry["options"]!["allowMultipleInstall"]!.GetValue<bool>(), Is.True);
        Assert.That(entry["options"]!.AsObject().ContainsKey("allowedOutBoundPorts"), Is.False);
        Assert.That(entry["permission"]!["appData"]!.GetValue<bool>(), Is.True);
        Assert.That(entry["permission"]!["appCache"]!.GetValue<bool>(), Is.True);
    }

    private async Task<JsonObject> AppInfoAsync(string name)
    {
        var body = new JsonObject { ["apps"] = new JsonArray(new JsonObject { ["appid"] = name, ["sourceDataName"] = "upload" }) };
        var envelope = await (await _alice.SendAsync(HttpMethod.Post, Prefix + "/apps", body.ToJsonString())).ReadEnvelopeAsync(HttpStatusCode.OK);
        return envelope["data"]!["apps"]![0]!.AsObject();
    }
}
