using System.Net;
using Market.Api.Tests.Apps;
using Market.Api.Tests.Infrastructure;

namespace Market.Api.Tests.Operate;

/// <summary>What the dashboards read from <c>/runtime/state</c> while an operation runs.</summary>
[NonParallelizable]
public sealed class DashboardStateTests
{
    [Test]
    public async Task While_an_install_runs_the_app_shows_the_version_being_installed()
    {
        // Slow steps, so the install is still running when the state is read.
        using var factory = new MarketApiFactory(new Dictionary<string, string?> { ["Market:Runtime:Simulated:StepDelayMs"] = "3000" });
        await AppTestKit.AddCatalogAppAsync(factory, "slowpoke", version: "2.4.1");
        using var user = factory.CreateUserClient("quinn");
        await (await user.SendJsonAsync(HttpMethod.Post, "/apps/slowpoke/install", AppTestKit.InstallBody("slowpoke", version: "2.4.1", sync: true))).ReadEnvelopeAsync(HttpStatusCode.OK);

        using var admin = factory.CreateUserClient("admin");
        var state = await (await admin.GetAsync(HttpExtensions.Prefix + "/runtime/state?user_id=quinn")).ReadEnvelopeAsync(HttpStatusCode.OK);
        var app = state["data"]!["app_states"]!["quinn:upload:slowpoke"]!;
        Assert.That(app["stage"]!.GetValue<string>(), Is.EqualTo("installing"));
        Assert.That(app["version"]?.GetValue<string>(), Is.EqualTo("2.4.1"), "the version being installed, not an empty installed version");
        Assert.That(app["metadata"]!["installed_version"]!.GetValue<string>(), Is.Empty);
    }
}
