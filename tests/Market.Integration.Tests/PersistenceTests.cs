using System.Net;
using Market.Integration.Tests.Infrastructure;

namespace Market.Integration.Tests;

/// <summary>PostgreSQL is the durable store: what was written survives a restart and is the same on every replica.</summary>
public sealed class PersistenceTests
{
    [Test]
    public async Task An_added_source_and_a_users_settings_survive_a_restart()
    {
        await using var deployment = await Deployment.CreateAsync();
        using (var first = deployment.StartReplica())
        {
            using var admin = first.CreateUserClient("admin");
            using var alice = first.CreateUserClient("alice");
            await (await admin.PostAsync(Http.Prefix + "/settings/market-source",
                Http.Json("""{"id":"market.kept","name":"Kept","base_url":"https://kept.example/","description":"stays"}"""))).ReadEnvelopeAsync(HttpStatusCode.OK);
            await (await alice.PutAsync(Http.Prefix + "/settings/market-settings",
                Http.Json("""{"selected_source":"market.kept","nsfw":true}"""))).ReadEnvelopeAsync(HttpStatusCode.OK);
        }

        using var second = deployment.StartReplica();
        using var aliceAgain = second.CreateUserClient("alice");
        using var bob = second.CreateUserClient("bob");

        var sources = await (await aliceAgain.GetAsync(Http.Prefix + "/settings/market-source")).ReadEnvelopeAsync(HttpStatusCode.OK);
        var kept = sources["data"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == "market.kept")!;
        Assert.That(kept["base_url"]!.GetValue<string>(), Is.EqualTo("https://kept.example"));
        Assert.That(kept["description"]!.GetValue<string>(), Is.EqualTo("stays"));
        var settings = await (await aliceAgain.GetAsync(Http.Prefix + "/settings/market-settings")).ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(settings["data"]!.ToJsonString(), Is.EqualTo("""{"selected_source":"market.kept","nsfw":true}"""));
        var bobs = await (await bob.GetAsync(Http.Prefix + "/settings/market-settings")).ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(bobs["data"]!.ToJsonString(), Is.EqualTo("""{"selected_source":"market.olares","nsfw":false}"""));
    }

    [Test]
    public async Task Two_replicas_see_the_same_sources_settings_and_logs()
    {
        await using var deployment = await Deployment.CreateAsync();
        using var a = deployment.StartReplica();
        using var b = deployment.StartReplica();
        using var adminOnA = a.CreateUserClient("admin");
        using var aliceOnA = a.CreateUserClient("alice");
        using var aliceOnB = b.CreateUserClient("alice");

        await (await adminOnA.PostAsync(Http.Prefix + "/settings/market-source",
            Http.Json("""{"id":"market.shared","base_url":"https://shared.example"}"""))).ReadEnvelopeAsync(HttpStatusCode.OK);
        await (await aliceOnB.PutAsync(Http.Prefix + "/settings/market-settings",
            Http.Json("""{"selected_source":"market.shared"}"""))).ReadEnvelopeAsync(HttpStatusCode.OK);

        var settingsOnA = await (await aliceOnA.GetAsync(Http.Prefix + "/settings/market-settings")).ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(settingsOnA["data"]!["selected_source"]!.GetValue<string>(), Is.EqualTo("market.shared"));
        var duplicateOnB = await (await b.CreateUserClient("admin").PostAsync(Http.Prefix + "/settings/market-source",
            Http.Json("""{"id":"market.shared","base_url":"https://other.example"}"""))).ReadEnvelopeAsync(HttpStatusCode.Conflict);
        Assert.That(duplicateOnB["message"]!.GetValue<string>(), Is.EqualTo("source with ID market.shared already exists"));
    }

    [Test]
    public async Task The_startup_record_is_written_to_postgres()
    {
        await using var deployment = await Deployment.CreateAsync();
        using var replica = deployment.StartReplica();
        using var system = replica.CreateUserClient("system");

        var messages = new List<string>();
        await Eventually.HoldsAsync(
            async () =>
            {
                var logs = await (await system.GetAsync(Http.Prefix + "/logs?type=system")).ReadEnvelopeAsync(HttpStatusCode.OK);
                messages = logs["data"]!["records"]!.AsArray().Select(r => r!["message"]!.GetValue<string>()).ToList();
                return messages.Count > 0;
            },
            "the startup record in the system log");

        Assert.That(messages, Is.EqualTo(new[] { "market setup finished" }));
    }
}
