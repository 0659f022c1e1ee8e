using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Market.Api.Tests.Infrastructure;
using Market.Application.SystemStatus;
using static Market.Api.Tests.Infrastructure.CatalogTestKit;
using Market.Application.Common.Platform;

namespace Market.Api.Tests.Catalog;

/// <summary>What 1.12.6+ clients read from the catalog (newer-clients §2–§3; issue 11 items 4 and 8).</summary>
public sealed class NewerClientCatalogTests
{
    private const string AcceleratorRows = """
          accelerator:
          - mode: cpu
            requiredCpu: 100m
            limitedCpu: '1'
            requiredMemory: 128Mi
            limitedMemory: 512Mi
            requiredDisk: 64Mi
            limitedDisk: 2Gi
          - mode: nvidia
            requiredCpu: 100m
            limitedCpu: '1'
            requiredMemory: 128Mi
            limitedMemory: 512Mi
            requiredDisk: 64Mi
            limitedDisk: 2Gi
            requiredGPUMemory: 4Gi
            limitedGPUMemory: 8Gi
            supportMultiCards: true

        """;

    private FakeRemoteMarket _remote = null!;
    private MarketApiFactory _factory = null!;
    private HttpClient _alice = null!;

    [OneTimeSetUp]
    public async Task SetUp()
    {
        _remote = await FakeRemoteMarket.StartAsync();
        var ollama = FakeRemoteMarket.App("ollama", "1.2.0");
        ollama["apiVersion"] = "v3";
        ollama["accelerator"] = new JsonArray(
            new JsonObject { ["mode"] = "cpu", ["requiredCpu"] = "2", ["limitedCpu"] = "4", ["requiredMemory"] = "4Gi", ["limitedMemory"] = "8Gi", ["requiredDisk"] = "10Gi", ["limitedDisk"] = "20Gi" },
            new JsonObject { ["mode"] = "nvidia", ["requiredCpu"] = "1", ["limitedCpu"] = "2", ["requiredMemory"] = "2Gi", ["limitedMemory"] = "4Gi", ["requiredDisk"] = "10Gi", ["limitedDisk"] = "20Gi", ["requiredGPUMemory"] = "8Gi" });
        ollama["options"]!["templateOnly"] = true;
        ollama["options"]!["allowMultipleInstall"] = true;
        ollama["options"]!["shared"] = true;
        _remote.Put(ollama);
        var pgkit = FakeRemoteMarket.App("pgkit", "16.0.0");
        pgkit["cfgType"] = "middleware";
        _remote.Put(pgkit);
        _remote.Put(FakeRemoteMarket.App("notes", "1.0.0"));
        _factory = new MarketApiFactory(new Dictionary<string, string?>
        {
            ["Market:Sources:OfficialBaseUrl"] = _remote.BaseUrl,
            ["Market:Sources:AllowPrivateNetworks"] = "true",
        });
        _alice = _factory.CreateUserClient("alice");
        await SyncAsync(_factory.Services, "market.olares");
    }

    [OneTimeTearDown]
    public async Task TearDown()
    {
        _alice.Dispose();
        await _factory.DisposeAsync();
        await _remote.DisposeAsync();
    }

    [Test]
    public async Task A_remote_entry_keeps_its_compute_modes_and_the_install_and_clone_flags()
    {
        var app = await AppAsync("ollama", "market.olares");

        var modes = app["app_info"]!["app_entry"]!["accelerator"]!.AsArray();
        Assert.That(modes.Select(m => m!["mode"]!.GetValue<string>()), Is.EqualTo(new[] { "cpu", "nvidia" }), "the CLI validates --compute-mode against these");
        Assert.That(modes[1]!["requiredGPUMemory"]!.GetValue<string>(), Is.EqualTo("8Gi"));
        var simple = app["app_simple_info"]!;
        Assert.That(simple["apiVersion"]!.GetValue<string>(), Is.EqualTo("v3"));
        Assert.That(simple["templateOnly"]!.GetValue<bool>(), Is.True);
        Assert.That(simple["shared"]!.GetValue<bool>(), Is.True);
        Assert.That(simple["options"]!["allowMultipleInstall"]!.GetValue<bool>(), Is.True);

        var item = Source(await DataAsync(_alice), "market.olares")["app_info_latest"]!.AsArray()
            .Single(a => a!["app_simple_info"]!["app_name"]!.GetValue<string>() == "ollama")!["app_simple_info"]!;
        Assert.That(item["templateOnly"]!.GetValue<bool>(), Is.True, "/market/data carries them too");
        Assert.That(item["shared"]!.GetValue<bool>(), Is.True);
        Assert.That(item["options"]!["allowMultipleInstall"]!.GetValue<bool>(), Is.True);
    }

    [Test]
    public async Task An_ordinary_app_says_it_is_neither_shared_nor_a_template()
    {
        var simple = (await AppAsync("notes", "market.olares"))["app_simple_info"]!;

        Assert.That(simple["templateOnly"]!.GetValue<bool>(), Is.False);
        Assert.That(simple["shared"]!.GetValue<bool>(), Is.False);
        Assert.That(simple["options"]!["allowMultipleInstall"]!.GetValue<bool>(), Is.False);
        Assert.That((await AppAsync("notes", "market.olares"))["app_info"]!["app_entry"]!.AsObject().ContainsKey("accelerator"), Is.False);
    }

    [Test]
    public async Task State_rows_carry_the_cfgType_of_their_catalog_entry()
    {
        await SetUserAppAsync(_factory.Services, "alice", "market.olares", "pgkit", "running");
        await SetUserAppAsync(_factory.Services, "alice", "market.olares", "notes", "running");

        var rows = Source(await DataAsync(_alice, "/market/state"), "market.olares")["app_state_latest"]!.AsArray()
            .ToDictionary(r => r!["status"]!["name"]!.GetValue<string>(), r => r!["status"]!["cfgType"]!.GetValue<string>());

        Assert.That(rows, Is.EquivalentTo(new Dictionary<string, string> { ["pgkit"] = "middleware", ["notes"] = "app" }));
    }

    [Test]
    public async Task An_uploaded_chart_keeps_its_compute_modes()
    {
        var manifest = ChartArchiveBuilder.Manifest("gpunote").Replace(
            "  requiredCpu: 100m\n  limitedCpu: '1'\n  requiredMemory: 128Mi\n  limitedMemory: 512Mi\n  requiredDisk: 64Mi\n  limitedDisk: 2Gi\n",
            AcceleratorRows,
            StringComparison.Ordinal);
        await (await _alice.UploadAsync(ChartArchiveBuilder.Valid("gpunote", manifest: manifest).Build(), "gpunote-1.4.2.tgz")).ReadEnvelopeAsync(HttpStatusCode.OK);

        var modes = (await AppAsync("gpunote", "upload"))["app_info"]!["app_entry"]!["accelerator"]!.AsArray();

        Assert.That(modes.Select(m => m!["mode"]!.GetValue<string>()), Is.EqualTo(new[] { "cpu", "nvidia" }));
        Assert.That(modes[1]!["limitedGPUMemory"]!.GetValue<string>(), Is.EqualTo("8Gi"));
        Assert.That(modes[1]!["supportMultiCard"]!.GetValue<bool>(), Is.True, "the spelling clients read");
    }

    [Test]
    public async Task An_upload_for_architectures_the_cluster_lacks_is_422_with_the_code_the_cli_reads()
    {
        // Manifests may only name amd64 or arm64: the chart names the one this host is not.
        var other = HostArchitecture.Current == "arm64" ? "amd64" : "arm64";
        var manifest = ChartArchiveBuilder.Manifest("archnote").Replace("  supportArch:\n  - amd64\n  - arm64\n", $"  supportArch:\n  - {other}\n", StringComparison.Ordinal);

        var response = await _alice.UploadAsync(ChartArchiveBuilder.Valid("archnote", manifest: manifest).Build(), "archnote-1.4.2.tgz");

        var envelope = await response.ReadEnvelopeAsync(HttpStatusCode.UnprocessableEntity);
        Assert.That(envelope.Select(p => p.Key), Is.EqualTo(new[] { "success", "message", "code", "data" }));
        Assert.That(envelope["code"]!.GetValue<string>(), Is.EqualTo("architecture_incompatible"));
        Assert.That(envelope.Message(), Is.EqualTo($"manifest architectures [{other}] do not match cluster architectures [{HostArchitecture.Current}]"));
        Assert.That(envelope["data"]!["manifest_architectures"]!.AsArray().Select(a => a!.GetValue<string>()), Is.EqualTo(new[] { other }));
        Assert.That(envelope["data"]!["cluster_architectures"]!.AsArray().Select(a => a!.GetValue<string>()), Is.EqualTo(new[] { HostArchitecture.Current }));
        var missing = await (await _alice.GetAsync(Prefix + "/apps/archnote/package?source=upload")).ReadEnvelopeAsync(HttpStatusCode.NotFound);
        Assert.That(missing.Message(), Is.EqualTo("Chart not found"), "nothing was stored");
    }

    private async Task<JsonObject> AppAsync(string name, string source)
    {
        var response = await _alice.PostAsJsonAsync(Prefix + "/apps", new { apps = new[] { new { appid = name, sourceDataName = source } } });
        var envelope = await response.ReadEnvelopeAsync(HttpStatusCode.OK);
        return envelope["data"]!["apps"]!.AsArray().Single()!.AsObject();
    }
}
