using System.Net;
using System.Text.Json.Nodes;
using Market.Api.Tests.Infrastructure;
using Market.Application.Common.Interfaces;
using Market.Domain.Apps;
using static Market.Api.Tests.Infrastructure.CatalogTestKit;

namespace Market.Api.Tests.Catalog;

/// <summary>
/// What the 1.12.7 web app and CLI read beyond the 42-route backend (olares-current §6): <c>raw_data.envs</c>
/// on <c>POST /apps</c> items (specs, never values), <c>featured_image</c> on listing and detail answers,
/// <c>new_app_ready</c> after a clone, and the original's 501 on <c>PUT /apps/{id}/config</c>.
/// </summary>
public sealed class OlaresCurrentFieldsTests
{
    private const string Featured = "https://assets.example/store/envy-featured.webp";
    private MarketApiFactory _factory = null!;

    private static readonly JsonArray Envs =
    [
        new JsonObject
        {
            ["envName"] = "API_TOKEN", ["required"] = true, ["type"] = "password", ["title"] = "Token", ["description"] = "The service token",
            ["value"] = "s3cr3t-declared-value", ["editable"] = true,
        },
        new JsonObject
        {
            ["envName"] = "MODE", ["type"] = "string", ["default"] = "fast", ["regex"] = "^(fast|safe)$",
            ["options"] = new JsonArray(new JsonObject { ["value"] = "fast", ["title"] = "Fast", ["secretNote"] = "x" }, new JsonObject { ["value"] = "safe", ["title"] = "Safe" }),
        },
        new JsonObject { ["envName"] = "OUTER", ["valueFrom"] = new JsonObject { ["envName"] = "OLARES_USER_EMAIL", ["value"] = "leak@example.com" } },
    ];

    [OneTimeSetUp]
    public async Task Start()
    {
        _factory = new MarketApiFactory();
        await AppTestKit.AddCatalogAppAsync(_factory, "envy", envs: Envs, entryExtras: new JsonObject { ["featuredImage"] = Featured });
        await AppTestKit.AddCatalogAppAsync(_factory, "plain");
        await PublishAsync(_factory.Services, new MarketEvent(string.Empty, "catalog_refresh", []));
    }

    [OneTimeTearDown]
    public void Stop() => _factory.Dispose();

    [Test]
    public async Task A_POST_apps_item_carries_env_specs_in_raw_data_envs_and_never_a_value()
    {
        using var alice = _factory.CreateUserClient("alice");
        var envelope = await (await alice.SendJsonAsync(HttpMethod.Post, "/apps",
            new JsonObject { ["apps"] = new JsonArray(new JsonObject { ["appid"] = "envy", ["sourceDataName"] = "upload" }, new JsonObject { ["appid"] = "plain", ["sourceDataName"] = "upload" }) }))
            .ReadEnvelopeAsync(HttpStatusCode.OK);
        var items = envelope["data"]!["apps"]!.AsArray();

        var envs = items[0]!["raw_data"]!["envs"]!.AsArray();
        Assert.That(envs.Select(e => e!["envName"]!.GetValue<string>()), Is.EqualTo(new[] { "API_TOKEN", "MODE", "OUTER" }));
        Assert.That(envs[0]!.ToJsonString(), Is.EqualTo("""{"envName":"API_TOKEN","required":true,"type":"password","title":"Token","description":"The service token"}"""));
        Assert.That(envs[1]!.ToJsonString(),
            Is.EqualTo("""{"envName":"MODE","type":"string","default":"fast","regex":"^(fast|safe)$","options":[{"value":"fast","title":"Fast"},{"value":"safe","title":"Safe"}]}"""));
        Assert.That(envs[2]!.ToJsonString(), Is.EqualTo("""{"envName":"OUTER","valueFrom":{"envName":"OLARES_USER_EMAIL"}}"""));
        Assert.That(items[0]!["raw_data"]!.ToJsonString(), Does.Not.Contain("s3cr3t").And.Not.Contain("leak@"));
        Assert.That(items[1]!["raw_data"]!.ToJsonString(), Is.EqualTo("""{"envs":[]}"""));
    }

    [Test]
    public async Task Featured_image_is_on_listing_and_detail_answers_when_the_app_has_one()
    {
        using var bob = _factory.CreateUserClient("bob");
        var listing = Source(await DataAsync(bob), "upload")["app_info_latest"]!.AsArray();
        var envy = listing.Single(a => a!["app_simple_info"]!["app_name"]!.GetValue<string>() == "envy")!;
        var plain = listing.Single(a => a!["app_simple_info"]!["app_name"]!.GetValue<string>() == "plain")!;
        Assert.That(envy["app_simple_info"]!["featured_image"]!.GetValue<string>(), Is.EqualTo(Featured));
        Assert.That(plain["app_simple_info"]!.AsObject().ContainsKey("featured_image"), Is.False);

        var detail = await (await bob.SendJsonAsync(HttpMethod.Post, "/apps",
            new JsonObject { ["apps"] = new JsonArray(new JsonObject { ["appid"] = "envy", ["sourceDataName"] = "upload" }) })).ReadEnvelopeAsync(HttpStatusCode.OK);
        var item = detail["data"]!["apps"]![0]!.AsObject();
        Assert.That(item["featured_image"]!.GetValue<string>(), Is.EqualTo(Featured));
        Assert.That(item.Select(p => p.Key), Is.EqualTo(new[] { "api_version", "app_info", "app_simple_info", "featured_image", "manifest_type", "manifest_version", "raw_data", "timestamp", "type", "version" }));
    }

    [Test]
    public async Task Put_app_config_answers_the_originals_501_in_the_envelope()
    {
        using var anonymous = _factory.CreateClient();
        var response = await anonymous.PutAsync(AppTestKit.Base + "/apps/envy/config", HttpExtensions.Json("""{"anything":1}"""));

        var envelope = await response.ReadEnvelopeAsync(HttpStatusCode.NotImplemented);
        Assert.That(envelope.Message(), Is.EqualTo("App config update is not implemented yet"));
        Assert.That(envelope["success"]!.GetValue<bool>(), Is.False);
    }

    [Test]
    public async Task A_clone_pushes_new_app_ready_with_the_clones_name_and_entry()
    {
        using var events = new EventRecorder(_factory.Services);
        using var carl = _factory.CreateUserClient("carl");
        await AppTestKit.AddCatalogAppAsync(_factory, "board");
        var install = await (await carl.SendJsonAsync(HttpMethod.Post, "/apps/board/install", AppTestKit.InstallBody("board", sync: false))).ReadEnvelopeAsync(HttpStatusCode.OK);
        await carl.WaitForTaskAsync(install.TaskId());

        await (await carl.SendJsonAsync(HttpMethod.Post, "/apps/board/clone", new JsonObject { ["source"] = "upload", ["app_name"] = "board", ["title"] = "Team board" }))
            .ReadEnvelopeAsync(HttpStatusCode.OK);

        var clone = CloneIdentity.Of("upload", "board", "Team board", [], []);
        var point = await events.WaitForPointAsync("carl", clone.AppName, "new_app_ready");
        Assert.That(point.Payload["extensions"]!.ToJsonString(), Is.EqualTo($$"""{"app_name":"{{clone.AppName}}","app_version":"1.0.0","source":"upload"}"""));
        var info = point.Payload["extensions_obj"]!["app_info"]!;
        Assert.That((info["name"]!.GetValue<string>(), info["appID"]!.GetValue<string>(), info["rawAppName"]!.GetValue<string>()), Is.EqualTo((clone.AppName, clone.AppId, "board")));
        Assert.That(info["title"]!["en-US"]!.GetValue<string>(), Is.EqualTo("Team board"));
    }
}
