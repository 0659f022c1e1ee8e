using System.Text.Json.Nodes;
using Market.Application.Apps.Models;
using Market.Application.Apps.Operations;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Runtime;
using Market.Application.Tasks.Engine;
using Market.Domain.Apps;
using Market.Domain.Catalog;
using Market.Domain.Tasks;

namespace Market.Application.Tests.Apps;

public sealed class OperationModelTests
{
    private static readonly DateTime T0 = new(2026, 5, 15, 6, 36, 6, DateTimeKind.Utc);

    [Test]
    public void Secret_env_values_are_split_off_and_the_rest_is_stored()
    {
        var declared = new List<DeclaredEnv> { new("DB_PASS", "password", true, false, false) };
        var (stored, secrets) = TaskRequest.SplitEnvs(
            [new AppEnv("DB_PASS", "p@ss"), new AppEnv("GITHUB_TOKEN", "ghp_x"), new AppEnv("REGION", "eu"), new AppEnv("MAIL", string.Empty, new AppEnvRef("OLARES_USER_EMAIL"))],
            declared);

        Assert.That(secrets, Is.EquivalentTo(new Dictionary<string, string> { ["DB_PASS"] = "p@ss", ["GITHUB_TOKEN"] = "ghp_x" }));
        var request = new TaskRequest { Envs = stored };
        var json = request.Write();
        Assert.That(json, Does.Not.Contain("p@ss").And.Not.Contain("ghp_x").And.Contain("\"eu\"").And.Contain("OLARES_USER_EMAIL"));
        Assert.That(request.HasSecrets, Is.True);

        var task = Install("app", "upload");
        var withSecrets = TaskRequest.Read(json).ToOperation(task, secrets, null);
        Assert.That(withSecrets.Envs.Select(e => (e.EnvName, e.Value)), Is.EqualTo(new[] { ("DB_PASS", "p@ss"), ("GITHUB_TOKEN", "ghp_x"), ("REGION", "eu"), ("MAIL", string.Empty) }));
        Assert.That(withSecrets.Envs[3].ValueFrom, Is.EqualTo(new AppEnvRef("OLARES_USER_EMAIL")));
        var lost = TaskRequest.Read(json).ToOperation(task, null, null);
        Assert.That(lost.Envs[0].Value, Is.Empty);
    }

    [Test]
    public void The_catalog_entry_gives_title_icon_type_entrances_and_declared_envs()
    {
        var app = new CatalogApp("market.olares", string.Empty, "a1", "firefox");
        app.ApplyListing(new CatalogListing("firefox", "1.0.0", "app", """
                {"title":{"zh-CN":"火狐","en-US":"Firefox"},"icon":"https://i/ff.png","cfgType":"middleware",
                 "entrances":[{"name":"web","host":"ff","port":"3000","title":"Web","authLevel":"public","invisible":false,"openMethod":"iframe"}],
                 "envs":[{"envName":"KEY","type":"password","required":true},{"envName":"PORT","default":"80"},{"envName":"MAIL","valueFrom":{"envName":"OLARES_USER_EMAIL"}}]}
                """), string.Empty, DateTime.UtcNow);

        var entry = ManifestEntry.Parse(app);

        Assert.That((entry.Title, entry.Icon, entry.CfgType), Is.EqualTo(("Firefox", "https://i/ff.png", "middleware")));
        Assert.That(entry.Entrances.Single().Port, Is.EqualTo(3000));
        Assert.That(entry.Entrances.Single().OpenMethod, Is.EqualTo("iframe"));
        Assert.That(entry.Envs, Is.EqualTo(new[]
        {
            new DeclaredEnv("KEY", "password", true, false, false),
            new DeclaredEnv("PORT", string.Empty, false, true, false),
            new DeclaredEnv("MAIL", string.Empty, false, false, true),
        }));
    }

    [Test]
    public void A_broken_entry_still_yields_the_app_name_as_title()
    {
        var app = new CatalogApp("upload", "bob", "a1", "tool");
        app.ApplyListing(new CatalogListing("tool", "1.0.0", "app", "not json"), string.Empty, DateTime.UtcNow);
        var entry = ManifestEntry.Parse(app);
        Assert.That((entry.Title, entry.CfgType, entry.Entrances.Count), Is.EqualTo(("tool", "app", 0)));
    }

    [Test]
    public void Entrances_get_the_users_urls_and_follow_the_app_or_the_runtimes_own_report()
    {
        var entrances = AppEntrance.ForApp([new AppEntrance { Name = "web", Port = 80 }, new AppEntrance { Name = "api", Port = 81 }], "firefox", "alice.olares.local");
        var prefix = AppIdentity.RuntimeAppId("firefox");
        Assert.That(entrances.Select(e => e.Url), Is.EqualTo(new[] { $"{prefix}0.alice.olares.local", $"{prefix}1.alice.olares.local" }));

        var app = UserApp.Create("alice", "firefox", "firefox", T0);
        app.BeginInstall(new AppListing("upload", "a1", "1.0.0", "Firefox", string.Empty, entrances), Draft());
        Assert.That(app.ApplyState(AppStateChange.Polled(OpType.Install, new RuntimeReport(AppState.Running.ToWire())), T0), Is.True);
        Assert.That(app.ToDto().Status.EntranceStatuses.Select(e => e.State), Is.All.EqualTo("running"));

        app.ApplyState(AppStateChange.Polled(OpType.Install, new RuntimeReport(AppState.Running.ToWire(), EntranceStates: new Dictionary<string, string> { ["api"] = "notReady" })), T0);
        Assert.That(app.ToDto().Status.EntranceStatuses.Select(e => e.State), Is.EqualTo(new[] { "running", "notReady" }));
    }

    [Test]
    public void Result_envelopes_have_the_original_fields_per_operation()
    {
        var install = Install("firefox", "upload");
        var accepted = JsonNode.Parse(TaskResults.Accepted(install, new TaskRequest { Source = "upload", CfgType = "app" }, RuntimeSubmission.Accept("op-1", "{}")))!;
        Assert.That(accepted.AsObject().Select(p => p.Key), Is.EquivalentTo(new[]
        {
            "operation", "app_name", "user", "app_source", "api_source", "cfgType", "backend_response", "opID", "status",
        }));
        Assert.That(accepted["api_source"]!.GetValue<string>(), Is.EqualTo("custom"));

        var upgrade = Running("firefox", "market.olares").BeginUpgrade(Listing("market.olares"), Draft());
        var refusal = RuntimeSubmission.Reject(422, 422, "bad env", new JsonObject { ["type"] = "appenv" }, "appservice: upgrade code=422: bad env", "{}");
        var failed = JsonNode.Parse(TaskResults.Rejected(upgrade, new TaskRequest { Source = "market.olares" }, refusal, refusal.Error))!;
        Assert.That(failed["apiSource"]!.GetValue<string>(), Is.EqualTo("market"));
        Assert.That(failed["status"]!.GetValue<string>(), Is.EqualTo("failed"));
        Assert.That(failed["backend_response"]!["data"]!["type"]!.GetValue<string>(), Is.EqualTo("appenv"));

        var transport = JsonNode.Parse(TaskResults.Rejected(upgrade, new TaskRequest(), null, "appservice: service unavailable"))!;
        Assert.That(transport.AsObject().ContainsKey("backend_response"), Is.False);
    }

    [Test]
    public void History_records_use_the_original_types_and_messages_and_carry_no_request()
    {
        var original = Running("firefox", "upload");
        var identity = CloneIdentity.Of("upload", "firefox", "Work", [], []);
        var cloneApp = UserApp.Create("alice", identity.AppName, "firefox", T0);
        var clone = cloneApp.BeginClone(identity, original, "Work", [], Draft("{\"envs\":[{\"envName\":\"X\",\"value\":\"v\"}]}"));

        var started = TaskHistory.Started(clone, T0)!;
        Assert.That((started.Type, started.Message, started.App, started.Account), Is.EqualTo(("ACTION_INSTALL", $"clone {identity.AppName}", identity.AppName, "alice")));
        Assert.That(started.Extended, Does.Not.Contain("envs"));

        clone.Start(T0);
        clone.Reject(cloneApp, "clone failed: boom", new FailureEvidence(Message: "boom"), null, null, T0);
        var finished = TaskHistory.Finished(clone, T0)!;
        Assert.That(finished.Message, Is.EqualTo($"clone {identity.AppName} completed"));
        Assert.That(JsonNode.Parse(finished.Extended)!["status"]!.GetValue<int>(), Is.EqualTo(4));
        Assert.That(TaskHistory.Started(Running("x", "upload").BeginStop(Draft()), T0), Is.Null);
    }

    private static TaskDraft Draft(string requestJson = "{}") => new("h", TimeSpan.FromSeconds(5), requestJson, null, T0);

    private static AppListing Listing(string source) => new(source, "a1", "1.0.0", "Title", string.Empty, []);

    private static AppTask Install(string name, string source) => UserApp.Create("alice", name, name, T0).BeginInstall(Listing(source), Draft());

    private static UserApp Running(string name, string source)
    {
        var app = UserApp.Create("alice", name, name, T0);
        var task = app.BeginInstall(Listing(source), Draft());
        task.Start(T0);
        task.Finish(app, new RuntimeReport(AppState.Running.ToWire()), OperationOutcome.Completed, T0);
        return app;
    }
}
