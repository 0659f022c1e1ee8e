using System.Net;
using System.Text.Json.Nodes;
using Market.Api.Tests.Infrastructure;
using Market.Application.Notifications.Commands.AnnounceUpdates;
using Market.Testing.Fakes;
using Market.Testing.Waiting;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using static Market.Api.Tests.Updates.UploadedAppKit;

namespace Market.Api.Tests.Notifications;

/// <summary>
/// <c>update_available</c>: an installed app whose source gets a newer version is announced to a subscriber once per
/// app and version — scans after that announce nothing again; a newer version is announced anew.
/// </summary>
[NonParallelizable]
public sealed class UpdateAvailableTests
{
    private const string Secret = "a-long-webhook-secret-0123456789";

    [Test]
    public async Task A_newer_upload_is_announced_once_per_version()
    {
        using var factory = new MarketApiFactory(new Dictionary<string, string?>
        {
            ["Market:Notifications:AllowPrivateNetworks"] = "true",
            ["Market:Notifications:UpdateScanSeconds"] = "1",
        });
        await using var receiver = await FakeWebhookReceiver.StartAsync();
        using var client = factory.CreateUserClient("olga");
        var subscribe = new JsonObject { ["url"] = receiver.Url, ["events"] = new JsonArray("update_available"), ["secret"] = Secret };
        await (await client.SendJsonAsync(HttpMethod.Post, "/settings/notifications", subscribe)).ReadEnvelopeAsync(HttpStatusCode.OK);
        await UploadAsync(client, "almanac", "1.0.0");
        var install = await (await client.SendJsonAsync(HttpMethod.Post, "/apps/almanac/install", AppTestKit.InstallBody("almanac", "1.0.0", sync: false))).ReadEnvelopeAsync(HttpStatusCode.OK);
        await client.WaitForTaskAsync(install.TaskId());

        await UploadAsync(client, "almanac", "1.1.0");
        await Eventually.HoldsAsync(() => Task.FromResult(!receiver.Accepted.IsEmpty), "the update to be announced");
        var body = JsonNode.Parse(receiver.Accepted.Single().Body)!;
        Assert.That((body["event"]!.GetValue<string>(), body["data"]!["app"]!.GetValue<string>(),
                body["data"]!["installed_version"]!.GetValue<string>(), body["data"]!["latest_version"]!.GetValue<string>()),
            Is.EqualTo(("update_available", "almanac", "1.0.0", "1.1.0")));
        Assert.That(receiver.Accepted.Single().SignedWith(Secret), Is.True);

        // More scans (as after every sync) find the same version: nothing is announced again.
        Assert.That(await ScanAsync(factory), Is.Zero);
        Assert.That(await ScanAsync(factory), Is.Zero);

        await UploadAsync(client, "almanac", "1.2.0");
        await Eventually.HoldsAsync(() => Task.FromResult(receiver.Accepted.Count >= 2), "the next version to be announced");
        Assert.That(await ScanAsync(factory), Is.Zero);
        var versions = receiver.Accepted.Select(r => JsonNode.Parse(r.Body)!["data"]!["latest_version"]!.GetValue<string>()).ToList();
        Assert.That(versions, Is.EqualTo(new[] { "1.1.0", "1.2.0" }), "one delivery per version");
    }

    private static async Task<int> ScanAsync(MarketApiFactory factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(new AnnounceUpdatesCommand());
    }
}
