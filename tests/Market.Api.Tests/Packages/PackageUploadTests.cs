using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Market.Api.Tests.Infrastructure;

namespace Market.Api.Tests.Packages;

/// <summary><c>POST /apps/upload</c>: archives built in the test, valid and broken in every way the issue names.</summary>
public sealed class PackageUploadTests
{
    private MarketApiFactory _factory = null!;
    private HttpClient _alice = null!;

    [OneTimeSetUp]
    public void Start()
    {
        _factory = new MarketApiFactory();
        _alice = _factory.CreateUserClient("alice");
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _alice.Dispose();
        _factory.Dispose();
    }

    [Test]
    public async Task Valid_upload_answers_with_the_app_and_makes_it_the_uploaders()
    {
        using var events = new EventRecorder(_factory);
        var archive = ChartArchiveBuilder.Valid("upnote").Build();

        var envelope = await (await _alice.UploadAsync(archive, "upnote-1.4.2.tgz")).ReadEnvelopeAsync(HttpStatusCode.OK);

        Assert.That(envelope.Message(), Is.EqualTo("App package uploaded and processed successfully"));
        var data = envelope["data"]!.AsObject();
        Assert.That(data.Select(p => p.Key), Is.EqualTo(new[] { "app_info", "filename", "source", "user_id" }));
        Assert.That(data["filename"]!.GetValue<string>(), Is.EqualTo("upnote-1.4.2.tgz"));
        Assert.That(data["source"]!.GetValue<string>(), Is.EqualTo("upload"));
        Assert.That(data["user_id"]!.GetValue<string>(), Is.EqualTo("alice"));
        var info = data["app_info"]!.AsObject();
        Assert.That(info["name"]!.GetValue<string>(), Is.EqualTo("upnote"));
        Assert.That(info["version"]!.GetValue<string>(), Is.EqualTo("1.4.2"));
        Assert.That(info["app_id"]!.GetValue<string>(), Is.EqualTo(Md5Prefix("upnote")));
        Assert.That(info["title"]!["zh-CN"]!.GetValue<string>(), Is.EqualTo("Quill 笔记"));
        Assert.That(info["chart_name"]!.GetValue<string>(), Is.EqualTo("upnote-1.4.2.tgz"));

        var ready = await events.WaitForPointAsync("new_app_ready");
        Assert.That(ready.User, Is.EqualTo("alice"));
        Assert.That(ready.Payload["extensions"]!.ToJsonString(), Is.EqualTo("""{"app_name":"upnote","app_version":"1.4.2","source":"upload"}"""));
        Assert.That(ready.Payload["extensions_obj"]!["app_info"]!["name"]!.GetValue<string>(), Is.EqualTo("upnote"));

        var row = (await _factory.CatalogRowsAsync("upload")).Single(r => r.Name == "upnote");
        Assert.That(row.Owner, Is.EqualTo("alice"), "the app belongs to the uploading user only");
        Assert.That(row.AppId, Is.EqualTo(Md5Prefix("upnote")));
        Assert.That(row.Version, Is.EqualTo("1.4.2"));
    }

    [Test]
    public async Task Catalog_entry_carries_every_key_the_web_app_reads()
    {
        await (await _alice.UploadAsync(ChartArchiveBuilder.Valid("entrynote").Build())).ReadEnvelopeAsync(HttpStatusCode.OK);

        var row = (await _factory.CatalogRowsAsync("upload")).Single(r => r.Name == "entrynote");
        Assert.That(row.EntryJson, Does.Contain("Quill 笔记"), "stored text stays readable");
        var entry = row.Entry();
        var appId = Md5Prefix("entrynote");
        string[] keys =
        [
            "id", "name", "cfgType", "chartName", "icon", "description", "appID", "title", "version", "apiVersion", "categories",
            "versionName", "fullDescription", "upgradeDescription", "promoteImage", "promoteVideo", "subCategory", "locale",
            "developer", "requiredMemory", "requiredDisk", "supportClient", "supportArch", "requiredGPU", "requiredCPU",
            "rating", "target", "permission", "entrances", "middleware", "options", "subCharts", "envs", "submitter", "doc",
            "website", "featuredImage", "sourceCode", "license", "legal", "i18n", "modelSize", "namespace", "onlyAdmin",
            "lastCommitHash", "createTime", "updateTime", "appLabels", "count", "versionHistory", "screenshots", "tags",
            "updated_at", "metadata",
        ];
        Assert.That(entry.Select(p => p.Key), Is.SupersetOf(keys));
        Assert.Multiple(() =>
        {
            Assert.That(entry["id"]!.GetValue<string>(), Is.EqualTo(appId));
            Assert.That(entry["appID"]!.GetValue<string>(), Is.EqualTo(appId));
            Assert.That(entry["cfgType"]!.GetValue<string>(), Is.EqualTo("app"));
            Assert.That(entry["title"]!["en-US"]!.GetValue<string>(), Is.EqualTo("Quill Notes"));
            Assert.That(entry["title"]!["zh-CN"]!.GetValue<string>(), Is.EqualTo("Quill 笔记"));
            Assert.That(entry["categories"]!.AsArray(), Is.Not.Empty);
            Assert.That(entry["supportArch"]!.ToJsonString(), Is.EqualTo("""["amd64","arm64"]"""));
            Assert.That(entry["requiredCPU"]!.GetValue<string>(), Is.EqualTo("100m"));
            Assert.That(entry["featuredImage"]!.GetValue<string>(), Is.EqualTo("https://assets.quillnote.example/store/featured.webp"));
            Assert.That(entry["options"]!["dependencies"]![0]!["type"]!.GetValue<string>(), Is.EqualTo("system"));
            Assert.That(entry["entrances"]![0]!["url"]!.GetValue<string>(), Is.EqualTo($"{appId}.alice.olares.local"));
            Assert.That(entry["versionHistory"]!.AsArray(), Has.Count.EqualTo(1));
            Assert.That(entry["i18n"]!["zh-CN"]!["metadata"]!["title"]!.GetValue<string>(), Is.EqualTo("Quill 笔记"));
            foreach (var list in new[] { "promoteImage", "locale", "license", "legal", "envs", "subCharts", "appLabels", "screenshots", "tags" })
            {
                Assert.That(entry[list], Is.InstanceOf<JsonArray>(), list);
            }
        });
    }

    [Test]
    public async Task Archive_without_a_manifest_is_refused()
    {
        var archive = ChartArchiveBuilder.Valid().Without("quillnote/OlaresManifest.yaml").Build();

        await ExpectBadRequestAsync(archive, "missing OlaresManifest.yaml in folder: \"quillnote\"");
    }

    [Test]
    public async Task Manifest_that_is_not_yaml_is_refused_with_the_line()
    {
        var archive = ChartArchiveBuilder.Valid().File("quillnote/OlaresManifest.yaml", "metadata:\n  name: [quillnote\n  title: x\n").Build();

        var message = await UploadExpectingAsync(archive, HttpStatusCode.BadRequest);
        Assert.That(message, Does.StartWith("OlaresManifest.yaml: invalid YAML at line "));
    }

    [Test]
    public async Task Manifest_with_a_bad_version_names_the_field_and_lists_every_problem()
    {
        var manifest = ChartArchiveBuilder.Manifest(version: "1.x").Replace("title: Quill Notes\n  description", "title: \"\"\n  description", StringComparison.Ordinal);
        var archive = ChartArchiveBuilder.Valid(manifest: manifest).Build();

        var response = await _alice.UploadAsync(archive);
        var envelope = await response.ReadEnvelopeAsync(HttpStatusCode.BadRequest);

        Assert.That(envelope.Message(), Is.EqualTo("OlaresManifest.yaml: metadata.title is required (and 1 more)"));
        var paths = envelope["data"]!["errors"]!.AsArray().Select(e => e!["path"]!.GetValue<string>());
        Assert.That(paths, Is.EquivalentTo(new[] { "metadata.title", "metadata.version" }));
        var messages = envelope["data"]!["errors"]!.AsArray().Select(e => e!["message"]!.GetValue<string>());
        Assert.That(messages, Does.Contain("metadata.version must be a valid semantic version (e.g. 1.2.3)"));
    }

    [Test]
    public async Task Version_that_is_not_semantic_is_refused()
    {
        var archive = ChartArchiveBuilder.Valid(manifest: ChartArchiveBuilder.Manifest(version: "1.x")).Build();

        await ExpectBadRequestAsync(archive, "OlaresManifest.yaml: metadata.version must be a valid semantic version (e.g. 1.2.3)");
    }

    [Test]
    public async Task Entry_that_climbs_out_of_the_folder_is_refused()
    {
        var archive = ChartArchiveBuilder.Valid().File("quillnote/../../etc/cron.d/evil", "* * * * * root true\n").Build();

        await ExpectBadRequestAsync(archive, "chart archive: entry \"quillnote/../../etc/cron.d/evil\" escapes the chart folder (\"..\")");
    }

    [Test]
    public async Task Entry_with_an_absolute_path_is_refused()
    {
        var archive = ChartArchiveBuilder.Valid().File("/etc/passwd", "root:x:0:0\n").Build();

        await ExpectBadRequestAsync(archive, "chart archive: entry \"/etc/passwd\" has an absolute path");
    }

    [Test]
    public async Task Symbolic_and_hard_links_are_refused()
    {
        var symbolic = ChartArchiveBuilder.Valid().SymbolicLink("quillnote/templates/secret.yaml", "/etc/shadow").Build();
        await ExpectBadRequestAsync(symbolic, "chart archive: entry \"quillnote/templates/secret.yaml\" is a symbolic link; links are not allowed");

        var hard = ChartArchiveBuilder.Valid().HardLink("quillnote/values-copy.yaml", "quillnote/values.yaml").Build();
        await ExpectBadRequestAsync(hard, "chart archive: entry \"quillnote/values-copy.yaml\" is a hard link; links are not allowed");
    }

    [Test]
    public async Task Archive_that_is_not_gzip_is_refused()
    {
        var tar = ChartArchiveBuilder.Valid().BuildUncompressedTar();

        await ExpectBadRequestAsync(tar, "chart archive is not gzip-compressed; upload a .tgz made by helm package or olares-cli");
    }

    [Test]
    public async Task Gzip_of_something_else_is_refused()
    {
        using var output = new MemoryStream();
        await using (var gzip = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            await gzip.WriteAsync(Encoding.UTF8.GetBytes(new string('x', 2000)));
        }

        var message = await UploadExpectingAsync(output.ToArray(), HttpStatusCode.BadRequest);
        Assert.That(message, Does.StartWith("chart archive is corrupt: "));
    }

    [Test]
    public async Task File_that_is_not_a_tgz_by_name_is_refused()
    {
        var archive = ChartArchiveBuilder.Valid().Build();

        var message = await UploadExpectingAsync(archive, HttpStatusCode.BadRequest, "quillnote.zip");
        Assert.That(message, Is.EqualTo("Invalid file format (must be .tgz or .tar.gz)"));
    }

    [Test]
    public async Task Folder_and_chart_must_agree_on_the_name()
    {
        var archive = ChartArchiveBuilder.Valid().File("quillnote/Chart.yaml", ChartArchiveBuilder.ChartYaml("quill", "1.4.2")).Build();

        await ExpectBadRequestAsync(archive, "inconsistent info. name must be the same in chart. name in Chart.yaml:quill, chartFolder:quillnote, OlaresManifest.yaml:quillnote");
    }

    [Test]
    public async Task Request_without_a_chart_part_or_without_a_form_is_refused_with_the_originals_messages()
    {
        using var noChart = new MultipartFormDataContent { { new StringContent("upload"), "source" } };
        var envelope = await (await _alice.PostAsync(PackageUploads.UploadPath, noChart)).ReadEnvelopeAsync(HttpStatusCode.BadRequest);
        Assert.That(envelope.Message(), Is.EqualTo("No chart file found in request"));

        using var json = new StringContent("{}", Encoding.UTF8, "application/json");
        envelope = await (await _alice.PostAsync(PackageUploads.UploadPath, json)).ReadEnvelopeAsync(HttpStatusCode.BadRequest);
        Assert.That(envelope.Message(), Is.EqualTo("Failed to parse form data"));
    }

    [Test]
    public async Task Upload_must_target_an_existing_local_source()
    {
        var archive = ChartArchiveBuilder.Valid().Build();

        var remote = await (await _alice.UploadAsync(archive, source: "market.olares")).ReadEnvelopeAsync(HttpStatusCode.BadRequest);
        Assert.That(remote.Message(), Is.EqualTo("Source 'market.olares' is not a local source; chart packages can only be uploaded to local sources"));

        var missing = await (await _alice.UploadAsync(archive, source: "nowhere")).ReadEnvelopeAsync(HttpStatusCode.NotFound);
        Assert.That(missing.Message(), Is.EqualTo("Source 'nowhere' not found"));
    }

    [Test]
    public async Task Upload_into_another_local_source_lands_there()
    {
        var envelope = await (await _alice.UploadAsync(ChartArchiveBuilder.Valid("clinote").Build(), source: "cli")).ReadEnvelopeAsync(HttpStatusCode.OK);

        Assert.That(envelope["data"]!["source"]!.GetValue<string>(), Is.EqualTo("cli"));
        Assert.That((await _factory.CatalogRowsAsync("cli")).Select(r => r.Name), Does.Contain("clinote"));
    }

    [Test]
    public async Task Upload_without_identity_is_unauthorized()
    {
        using var anonymous = _factory.CreateClient();

        var envelope = await (await anonymous.UploadAsync(ChartArchiveBuilder.Valid().Build())).ReadEnvelopeAsync(HttpStatusCode.Unauthorized);
        Assert.That(envelope.Message(), Is.EqualTo("Failed to get user information"));
    }

    [Test]
    public async Task Published_versions_are_immutable_same_is_409_and_lower_is_refused()
    {
        var first = ChartArchiveBuilder.Valid("renote", "2.0.0", ChartArchiveBuilder.Manifest("renote", "2.0.0", upgradeDescription: "first build")).Build();
        var second = ChartArchiveBuilder.Valid("renote", "2.0.0", ChartArchiveBuilder.Manifest("renote", "2.0.0", upgradeDescription: "second build")).Build();
        var lower = ChartArchiveBuilder.Valid("renote", "1.9.0", ChartArchiveBuilder.Manifest("renote", "1.9.0")).Build();
        await (await _alice.UploadAsync(first)).ReadEnvelopeAsync(HttpStatusCode.OK);

        var same = await (await _alice.UploadAsync(first)).ReadEnvelopeAsync(HttpStatusCode.Conflict);
        Assert.That(same.Message(), Is.EqualTo("version 2.0.0 already exists for app renote in source upload; bump the version to publish changes"));
        var changed = await (await _alice.UploadAsync(second)).ReadEnvelopeAsync(HttpStatusCode.Conflict);
        Assert.That(changed.Message(), Is.EqualTo(same.Message()));
        var older = await (await _alice.UploadAsync(lower)).ReadEnvelopeAsync(HttpStatusCode.Conflict);
        Assert.That(older.Message(), Is.EqualTo("version 1.9.0 does not supersede version 2.0.0 already published for app renote in source upload; upload a version higher than 2.0.0"));

        var packages = (await _factory.PackageRowsAsync("upload")).Where(p => p.Name == "renote").ToList();
        Assert.That(packages.Select(p => p.Sha256), Is.EqualTo(new[] { Convert.ToHexStringLower(SHA256.HashData(first)) }), "the published bytes stay");
        Assert.That(await _alice.GetByteArrayAsync("/app-store/api/v2/apps/renote/package"), Is.EqualTo(first));

        var higher = ChartArchiveBuilder.Valid("renote", "2.0.1", ChartArchiveBuilder.Manifest("renote", "2.0.1", upgradeDescription: "bumped")).Build();
        await (await _alice.UploadAsync(higher)).ReadEnvelopeAsync(HttpStatusCode.OK);
        var entry = (await _factory.CatalogRowsAsync("upload")).Single(r => r.Name == "renote").Entry();
        Assert.That(entry["upgradeDescription"]!["en-US"]!.GetValue<string>(), Does.Contain("bumped"));
    }

    private async Task ExpectBadRequestAsync(byte[] archive, string expected) =>
        Assert.That(await UploadExpectingAsync(archive, HttpStatusCode.BadRequest), Is.EqualTo(expected));

    private async Task<string> UploadExpectingAsync(byte[] archive, HttpStatusCode status, string fileName = "quillnote-1.4.2.tgz")
    {
        var envelope = await (await _alice.UploadAsync(archive, fileName)).ReadEnvelopeAsync(status);
        Assert.That((await _factory.CatalogRowsAsync("upload")).Select(r => r.Name), Does.Not.Contain("quillnote"), "a refused upload leaves no app behind");
        return envelope.Message();
    }

    internal static string Md5Prefix(string value) =>
#pragma warning disable CA5351 // the app id rule of the original
        Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(value)))[..8];
#pragma warning restore CA5351
}

/// <summary>Legacy manifests are Go templates: rendered for both owner scenarios, stored as rendered for the uploader.</summary>
public sealed class LegacyTemplateUploadTests
{
    [Test]
    public async Task Legacy_template_is_rendered_for_the_uploader()
    {
        using var factory = new MarketApiFactory();
        using var alice = factory.CreateUserClient("alice");
        using var admin = factory.CreateUserClient("admin");
        var archive = ChartArchiveBuilder.Valid("tidepool", "2.0.3", ChartArchiveBuilder.LegacyTemplateManifest()).Build();

        await (await alice.UploadAsync(archive, "tidepool-2.0.3.tgz")).ReadEnvelopeAsync(HttpStatusCode.OK);
        await (await admin.UploadAsync(archive, "tidepool-2.0.3.tgz")).ReadEnvelopeAsync(HttpStatusCode.OK);

        var rows = (await factory.CatalogRowsAsync("upload")).Where(r => r.Name == "tidepool").ToDictionary(r => r.Owner);
        var forAlice = rows["alice"].Entry();
        var forAdmin = rows["admin"].Entry();
        Assert.That(forAlice["requiredCPU"]!.GetValue<string>(), Is.EqualTo("50m"), "a normal user installs the client envelope");
        Assert.That(forAdmin["requiredCPU"]!.GetValue<string>(), Is.EqualTo("250m"), "the admin installs the server envelope");
        Assert.That(forAlice["description"]!["en-US"]!.GetValue<string>(), Is.EqualTo("Team chat for alice"));
        Assert.That(forAlice["options"]!["dependencies"]![0]!["version"]!.GetValue<string>(), Is.EqualTo(">=1.12.0-0"), "system version 1.12.3 takes the newer branch");
    }

    [Test]
    public async Task Legacy_template_must_pass_for_both_owner_scenarios()
    {
        using var factory = new MarketApiFactory();
        using var alice = factory.CreateUserClient("alice");
        var manifest = ChartArchiveBuilder.LegacyTemplateManifest().Replace("  requiredCpu: 50m\n", string.Empty, StringComparison.Ordinal);
        var archive = ChartArchiveBuilder.Valid("tidepool", "2.0.3", manifest).Build();

        var envelope = await (await alice.UploadAsync(archive, "tidepool-2.0.3.tgz")).ReadEnvelopeAsync(HttpStatusCode.BadRequest);

        Assert.That(envelope.Message(), Is.EqualTo("OlaresManifest.yaml: admin!=owner: spec.requiredCpu is required for olaresManifest.version < 0.12.0"));
        Assert.That(envelope["data"]!["errors"]![0]!["scenario"]!.GetValue<string>(), Is.EqualTo("admin!=owner"));
    }

    [Test]
    public async Task Modern_manifest_with_template_syntax_outside_strings_is_refused()
    {
        using var factory = new MarketApiFactory();
        using var alice = factory.CreateUserClient("alice");
        var manifest = ChartArchiveBuilder.Manifest().Replace("  requiredCpu: 100m\n", "  {{- if .Values.admin }}\n  requiredCpu: 100m\n  {{- end }}\n", StringComparison.Ordinal);
        var archive = ChartArchiveBuilder.Valid(manifest: manifest).Build();

        var envelope = await (await alice.UploadAsync(archive)).ReadEnvelopeAsync(HttpStatusCode.BadRequest);

        Assert.That(envelope.Message(), Does.StartWith("OlaresManifest.yaml: parse manifest: line 41: \"{{\" is template syntax outside any YAML string value and is not allowed for olaresManifest.version >= 0.12.0; quote the value"));
    }
}
