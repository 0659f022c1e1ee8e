using System.Net;
using System.Text.Json.Nodes;
using Market.Api.Tests.Infrastructure;
using Market.Application.Common.Interfaces;
using Market.Domain.Apps;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Api.Tests.Apps;

public sealed class InstallFlowTests
{
    [Test]
    public async Task Sync_install_answers_once_accepted_and_the_app_then_runs_with_every_state_pushed()
    {
        using var factory = new MarketApiFactory();
        using var client = factory.CreateUserClient("alice");
        using var recorder = new EventRecorder(factory.Services);
        await AppTestKit.AddCatalogAppAsync(factory, "firefox", entrances: AppTestKit.TwoEntrances);

        var envelope = await (await client.SendJsonAsync(HttpMethod.Post, "/apps/firefox/install", AppTestKit.InstallBody("firefox")))
            .ReadEnvelopeAsync(HttpStatusCode.OK);

        Assert.That(envelope.Message(), Is.EqualTo("App installation completed successfully"));
        var data = envelope["data"]!.AsObject();
        Assert.That(data["operation"]!.GetValue<string>(), Is.EqualTo("install"));
        Assert.That(data["status"]!.GetValue<string>(), Is.EqualTo("success"));
        Assert.That(data["opID"]!.GetValue<string>(), Is.Not.Empty);
        Assert.That(data["backend_response"]!["code"]!.GetValue<int>(), Is.EqualTo(200));

        var app = await AppTestKit.WaitForAppAsync(factory, "alice", "firefox", a => a.State == AppStates.Running);
        Assert.That(app.InstalledVersion, Is.EqualTo("1.0.0"));
        Assert.That(recorder.StatesOf("alice", "firefox"), Is.EqualTo(new[]
        {
            AppStates.Pending, AppStates.Downloading, AppStates.Installing, AppStates.Initializing, AppStates.Running,
        }));
    }
}
