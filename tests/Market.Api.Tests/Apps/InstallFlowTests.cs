using System.Text;
using System.Net;
using System.Text.Json.Nodes;
using Market.Api.Tests.Infrastructure;
using Market.Application.Common.Interfaces;
using Market.Domain.Apps;
using Market.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Api.Tests.Apps;

/// <summary>Install and its errors against the simulated runtime (fast steps). Each test uses its own user.</summary>
[NonParallelizable]
public sealed class InstallFlowTests
{
    private static readonly string[] InstallFlow = [AppState.Pending.ToWire(), AppState.Downloading.ToWire(), AppState.Installing.ToWire(), AppState.Initializing.ToWire(), AppState.Running.ToWire()];
    private MarketApiFactory _factory = null!;

    [OneTimeSetUp]
    public void Start() => _factory = new MarketApiFactory();

    [OneTimeTearDown]
    public void Stop() => _factory.Dispose();

    [Test]
    public async Task Sync_install_answers_once_accepted_and_the_app_then_runs_with_its_states_pushed_in_order()
    {
        using var client = _factory.CreateUserClient("alice");
        using var recorder = new EventRecorder(_factory.Services);
        await AppTestKit.AddCatalogAppAsync(_factory, "firefox", entrances: AppTestKit.TwoEntrances);

        var envelope = await (await client.SendJsonAsync(HttpMethod.Post, "/apps/firefox/install", AppTestKit.InstallBody("firefox")))
            .ReadEnvelopeAsync(HttpStatusCode.OK);

        Assert.That(envelope.Message(), Is.EqualTo("App installation completed successfully"));
        var data = envelope["data"]!.AsObject();
        Assert.That(data["operation"]!.GetValue<string>(), Is.EqualTo("install"));
        Assert.That(data["status"]!.GetValue<string>(), Is.EqualTo("success"));
        Assert.That(data["app_source"]!.GetValue<string>(), Is.EqualTo("upload"));
        Assert.That(data["api_source"]!.GetValue<string>(), Is.EqualTo("custom"));
        Assert.That(data["opID"]!.GetValue<string>(), Is.Not.Empty);
        Assert.That(data["backend_response"]!["code"]!.GetValue<int>(), Is.EqualTo(200));

        var app = await AppTestKit.WaitForAppAsync(_factory, "alice", "firefox", a => a.State == AppState.Running && a.InstalledVersion.Length > 0);
        Assert.That(app.InstalledVersion, Is.EqualTo("1.0.0"));
        Assert.That(app.Title, Is.EqualTo("FIREFOX app"));

        await recorder.WaitForPointAsync("alice", "firefox", "task_finished_succeed");
        var pushed = recorder.StatesOf("alice", "firefox");
        Assert.That(pushed.First(), Is.EqualTo(AppState.Pending.ToWire()));
        Assert.That(pushed.Last(), Is.EqualTo(AppState.Running.ToWire()));
        Assert.That(pushed.Select(s => Array.IndexOf(InstallFlow, s)), Is.Ordered.And.All.GreaterThanOrEqualTo(0), string.Join(",", pushed));
        Assert.That(recorder.PointsOf("alice", "firefox"), Is.EqualTo(new[] { "task_execute", "task_finished_succeed" }));
    }

    [Test]
    public async Task The_running_app_shows_per_user_entrance_urls_in_its_pushed_and_hot_state()
    {
        using var client = _factory.CreateUserClient("bob");
        using var recorder = new EventRecorder(_factory.Services);
        await AppTestKit.AddCatalogAppAsync(_factory, "wiki", entrances: AppTestKit.TwoEntrances);
        var envelope = await (await client.SendJsonAsync(HttpMethod.Post, "/apps/wiki/install", AppTestKit.InstallBody("wiki", sync: false)))
            .ReadEnvelopeAsync(HttpStatusCode.OK);
        await client.WaitForTaskAsync(envelope.TaskId());

        var appId = AppIdentity.RuntimeAppId("wiki");
        var last = await recorder.WaitForAsync(e => e.User == "bob" && e.NotifyType == MarketEvent.AppStateChange && e.Payload["app_name"]!.GetValue<string>() == "wiki"
            && e.Payload["app_state_latest"]!["status"]!["state"]!.GetValue<string>() == "running");
        Assert.That(last.Payload["source"]!.GetValue<string>(), Is.EqualTo("upload"));
        var state = last.Payload["app_state_latest"]!.AsObject();
        Assert.That(state["type"]!.GetValue<string>(), Is.EqualTo("app-state-latest"));
        Assert.That(state["version"]!.GetValue<string>(), Is.EqualTo("1.0.0"));
        var status = state["status"]!.AsObject();
        Assert.That(status["state"]!.GetValue<string>(), Is.EqualTo("running"));
        Assert.That(status["opType"]!.GetValue<string>(), Is.EqualTo("install"));
        var entrances = status["entranceStatuses"]!.AsArray();
        Assert.That(entrances.Select(e => e!["url"]!.GetValue<string>()), Is.EqualTo(new[] { $"{appId}0.bob.olares.local", $"{appId}1.bob.olares.local" }));
        Assert.That(entrances.Select(e => e!["state"]!.GetValue<string>()), Is.All.EqualTo("running"));
        Assert.That(entrances[1]!["invisible"]!.GetValue<bool>(), Is.True);

        var hot = await _factory.Services.GetRequiredService<IHotStateStore>().HashGetAllAsync(HotStateKeys.UserAppStates("bob"));
        Assert.That(JsonNode.Parse(hot["wiki"])!["status"]!["state"]!.GetValue<string>(), Is.EqualTo("running"));
    }

    [Test]
    public async Task Async_install_answers_with_the_task_id_and_the_task_ends_completed_with_history()
    {
        using var client = _factory.CreateUserClient("carol");
        await AppTestKit.AddCatalogAppAsync(_factory, "notes");

        var envelope = await (await client.SendJsonAsync(HttpMethod.Post, "/apps/ignored/install", AppTestKit.InstallBody("notes", sync: false)))
            .ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(envelope.Message(), Is.EqualTo("App installation started successfully"));

        var task = await client.WaitForTaskAsync(envelope.TaskId());
        Assert.That(task["status"]!.GetValue<string>(), Is.EqualTo("completed"));
        Assert.That(task["type"]!.GetValue<string>(), Is.EqualTo("install"));
        Assert.That(task["op_id"]!.GetValue<string>(), Is.Not.Empty);

        var logs = await (await client.GetAsync($"{AppTestKit.Base}/logs?app=notes")).ReadEnvelopeAsync(HttpStatusCode.OK);
        var messages = logs["data"]!["records"]!.AsArray().Select(r => r!["message"]!.GetValue<string>()).ToList();
        Assert.That(messages, Is.EquivalentTo(new[] { "install notes", "install notes completed" }));
        Assert.That(logs["data"]!["records"]!.AsArray().Select(r => r!["type"]!.GetValue<string>()), Is.All.EqualTo("ACTION_INSTALL"));
    }

    [Test]
    public async Task Install_request_errors_use_the_original_messages()
    {
        using var client = _factory.CreateUserClient("dave");
        await AppTestKit.AddCatalogAppAsync(_factory, "gitea", version: "2.0.0");

        var missing = await (await client.SendJsonAsync(HttpMethod.Post, "/apps/gitea/install", new JsonObject { ["source"] = "upload", ["app_name"] = "gitea" }))
            .ReadEnvelopeAsync(HttpStatusCode.BadRequest);
        Assert.That(missing.Message(), Is.EqualTo("Missing required fields: source, app_name, and version are required"));

        var malformed = await (await client.SendRawAsync(HttpMethod.Post, "/apps/gitea/install", "{not json")).ReadEnvelopeAsync(HttpStatusCode.BadRequest);
        Assert.That(malformed.Message(), Is.EqualTo("Invalid request format"));

        var unknown = await (await client.SendJsonAsync(HttpMethod.Post, "/apps/nope/install", AppTestKit.InstallBody("nope"))).ReadEnvelopeAsync(HttpStatusCode.NotFound);
        Assert.That(unknown.Message(), Is.EqualTo("App not found"));

        var wrongVersion = await (await client.SendJsonAsync(HttpMethod.Post, "/apps/gitea/install", AppTestKit.InstallBody("gitea", "1.0.0"))).ReadEnvelopeAsync(HttpStatusCode.NotFound);
        Assert.That(wrongVersion.Message(), Is.EqualTo("App not found"));

        var wrongSource = await (await client.SendJsonAsync(HttpMethod.Post, "/apps/gitea/install", AppTestKit.InstallBody("gitea", "2.0.0", source: "nosuch"))).ReadEnvelopeAsync(HttpStatusCode.NotFound);
        Assert.That(wrongSource.Message(), Is.EqualTo("App not found"));

        using var anonymous = _factory.CreateClient();
        var unauthorized = await (await anonymous.SendJsonAsync(HttpMethod.Post, "/apps/gitea/install", AppTestKit.InstallBody("gitea", "2.0.0"))).ReadEnvelopeAsync(HttpStatusCode.Unauthorized);
        Assert.That(unauthorized.Message(), Is.EqualTo("Failed to get user information"));
        Assert.That(await AppTestKit.ReadAppAsync(_factory, "dave", "gitea"), Is.Null, "nothing was started");
    }

    [Test]
    public async Task Another_users_upload_is_not_installable()
    {
        using var client = _factory.CreateUserClient("erin");
        await AppTestKit.AddCatalogAppAsync(_factory, "private-tool", owner: "frank");

        var envelope = await (await client.SendJsonAsync(HttpMethod.Post, "/apps/private-tool/install", AppTestKit.InstallBody("private-tool"))).ReadEnvelopeAsync(HttpStatusCode.NotFound);
        Assert.That(envelope.Message(), Is.EqualTo("App not found"));
    }

    [Test]
    public async Task Installing_a_running_app_again_is_a_conflict()
    {
        using var client = _factory.CreateUserClient("gina");
        await AppTestKit.AddCatalogAppAsync(_factory, "memos");
        var first = await (await client.SendJsonAsync(HttpMethod.Post, "/apps/memos/install", AppTestKit.InstallBody("memos", sync: false))).ReadEnvelopeAsync(HttpStatusCode.OK);
        await client.WaitForTaskAsync(first.TaskId());

        var again = await (await client.SendJsonAsync(HttpMethod.Post, "/apps/memos/install", AppTestKit.InstallBody("memos"))).ReadEnvelopeAsync(HttpStatusCode.Conflict);
        Assert.That(again.Message(), Is.EqualTo("App memos is already installed"));
    }

    [Test]
    public async Task The_same_idempotency_key_returns_the_first_task_and_starts_nothing_new()
    {
        using var client = _factory.CreateUserClient("hank");
        await AppTestKit.AddCatalogAppAsync(_factory, "vault");

        var first = await (await client.SendJsonAsync(HttpMethod.Post, "/apps/vault/install", AppTestKit.InstallBody("vault", sync: false), "key-1")).ReadEnvelopeAsync(HttpStatusCode.OK);
        var second = await (await client.SendJsonAsync(HttpMethod.Post, "/apps/vault/install", AppTestKit.InstallBody("vault", sync: false), "key-1")).ReadEnvelopeAsync(HttpStatusCode.OK);

        Assert.That(second.TaskId(), Is.EqualTo(first.TaskId()));
        var list = await (await client.GetAsync($"{AppTestKit.Base}/tasks?app=vault")).ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(list["data"]!["total_count"]!.GetValue<int>(), Is.EqualTo(1));
    }

    [Test]
    public async Task Missing_required_envs_are_refused_with_the_runtimes_appenv_response()
    {
        using var client = _factory.CreateUserClient("ivy");
        await AppTestKit.AddCatalogAppAsync(_factory, "mailer", envs:
        [
            new JsonObject { ["envName"] = "SMTP_HOST", ["type"] = "string", ["required"] = true },
            new JsonObject { ["envName"] = "SMTP_PORT", ["type"] = "int", ["required"] = true, ["default"] = "25" },
        ]);

        var envelope = await (await client.SendJsonAsync(HttpMethod.Post, "/apps/mailer/install", AppTestKit.InstallBody("mailer")))
            .ReadEnvelopeAsync(HttpStatusCode.InternalServerError);

        Assert.That(envelope.Message(), Does.StartWith("Installation failed: appservice: install code=422: "));
        var backend = envelope["data"]!["backend_response"]!.AsObject();
        Assert.That(backend["code"]!.GetValue<int>(), Is.EqualTo(422));
        Assert.That(backend["data"]!["type"]!.GetValue<string>(), Is.EqualTo("appenv"));
        Assert.That(backend["data"]!["Data"]!["missingValues"]!.AsArray().Select(v => v!["envName"]!.GetValue<string>()), Is.EqualTo(new[] { "SMTP_HOST" }));
        Assert.That(envelope["data"]!["status"]!.GetValue<string>(), Is.EqualTo("failed"));

        var app = await AppTestKit.ReadAppAsync(_factory, "ivy", "mailer");
        Assert.That(app!.State, Is.EqualTo(AppState.InstallFailed));
        Assert.That(app.Reason, Does.Contain("code=422"));

        var tasks = await (await client.GetAsync($"{AppTestKit.Base}/tasks?status=failed&app=mailer")).ReadEnvelopeAsync(HttpStatusCode.OK);
        var task = tasks["data"]!["tasks"]![0]!;
        Assert.That(task["backend_response"]!["data"]!["type"]!.GetValue<string>(), Is.EqualTo("appenv"));

        var ok = await (await client.SendJsonAsync(HttpMethod.Post, "/apps/mailer/install",
            AppTestKit.InstallBody("mailer", envs: [new JsonObject { ["envName"] = "SMTP_HOST", ["value"] = "smtp.example" }]))).ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(ok.Message(), Is.EqualTo("App installation completed successfully"), "installFailed allows a new install");
    }

    [Test]
    public async Task An_injected_failure_fails_the_task_and_leaves_install_failed_with_a_reason()
    {
        using var client = _factory.CreateUserClient("jack");
        using var recorder = new EventRecorder(_factory.Services);
        await AppTestKit.AddCatalogAppAsync(_factory, "broken");

        var envelope = await (await client.SendJsonAsync(HttpMethod.Post, "/apps/broken/install",
            AppTestKit.InstallBody("broken", sync: false, envs: [new JsonObject { ["envName"] = "SIMULATE_FAILURE", ["value"] = "install" }]))).ReadEnvelopeAsync(HttpStatusCode.OK);
        var task = await client.WaitForTaskAsync(envelope.TaskId());

        Assert.That(task["status"]!.GetValue<string>(), Is.EqualTo("failed"));
        Assert.That(task["error"]!.GetValue<string>(), Does.StartWith("install failed: simulated failure"));
        var app = await AppTestKit.ReadAppAsync(_factory, "jack", "broken");
        Assert.That(app!.State, Is.EqualTo(AppState.InstallFailed));
        Assert.That(app.Reason, Does.Contain("SIMULATE_FAILURE=install"));
        Assert.That(app.InstalledVersion, Is.Empty);
        await recorder.WaitForPointAsync("jack", "broken", "task_finished_failed");
        Assert.That(recorder.StatesOf("jack", "broken").Last(), Is.EqualTo(AppState.InstallFailed.ToWire()));
    }

    [Test]
    public async Task Secret_env_values_are_never_stored_and_tasks_show_no_env_values()
    {
        using var client = _factory.CreateUserClient("kate");
        await AppTestKit.AddCatalogAppAsync(_factory, "db", envs:
        [
            new JsonObject { ["envName"] = "ROOT_PW", ["type"] = "password", ["required"] = true },
        ]);
        var envs = new JsonArray
        {
            new JsonObject { ["envName"] = "ROOT_PW", ["value"] = "hunter2-secret" },
            new JsonObject { ["envName"] = "API_TOKEN", ["value"] = "tok-abc123" },
            new JsonObject { ["envName"] = "COLOR", ["value"] = "blue-visible" },
        };

        var envelope = await (await client.SendJsonAsync(HttpMethod.Post, "/apps/db/install", AppTestKit.InstallBody("db", sync: false, envs: envs))).ReadEnvelopeAsync(HttpStatusCode.OK);
        var task = await client.WaitForTaskAsync(envelope.TaskId());
        Assert.That(task["status"]!.GetValue<string>(), Is.EqualTo("completed"), "the runtime got the secret before it was dropped");
        Assert.That(task.ToJsonString(), Does.Not.Contain("hunter2").And.Not.Contain("tok-abc").And.Not.Contain("blue-visible"));

        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        var stored = await db.AppTasks.AsNoTracking().SingleAsync(t => t.Id == envelope.TaskId());
        var history = await db.HistoryRecords.AsNoTracking().Where(h => h.Account == "kate").ToListAsync();
        var everything = stored.RequestJson + stored.ResultJson + stored.BackendResponseJson + string.Concat(history.Select(h => h.Extended + h.Message));
        Assert.That(everything, Does.Not.Contain("hunter2").And.Not.Contain("tok-abc"));
        Assert.That(stored.RequestJson, Does.Contain("blue-visible"), "non-secret values are kept so a restarted host can submit");
        Assert.That(await db.TaskSecrets.AnyAsync(s => s.TaskId == stored.Id), Is.False, "the sealed values are gone once the runtime accepted");

        // Every view a user or an admin has of the task: the list, the runtime's state, the history.
        using var admin = _factory.CreateUserClient("admin");
        var views = new StringBuilder();
        foreach (var (caller, path) in new[] { (client, "/tasks"), (client, $"/tasks/{stored.Id}"), (client, "/logs"), (admin, "/runtime/state"), (admin, "/logs") })
        {
            var response = await caller.GetAsync(AppTestKit.Base + path);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), path);
            views.AppendLine(await response.Content.ReadAsStringAsync());
        }

        Assert.That(views.ToString(), Does.Contain("db"), "the views show the task");
        Assert.That(views.ToString(), Does.Not.Contain("hunter2").And.Not.Contain("tok-abc"));
    }

    [Test]
    public async Task A_paid_app_cannot_be_installed_until_the_payments_feature_says_so()
    {
        using var client = _factory.CreateUserClient("liam");
        await AppTestKit.AddCatalogAppAsync(_factory, "premium", priceJson: "{\"paid\":{\"price\":\"5\"}}");

        var envelope = await (await client.SendJsonAsync(HttpMethod.Post, "/apps/premium/install", AppTestKit.InstallBody("premium"))).ReadEnvelopeAsync(HttpStatusCode.Forbidden);
        Assert.That(envelope.Message(), Is.EqualTo("This app must be purchased before it can be installed"));
    }

    [Test]
    public async Task Tasks_are_private_to_their_owner_and_filterable_by_status()
    {
        using var owner = _factory.CreateUserClient("mona");
        using var stranger = _factory.CreateUserClient("nick");
        await AppTestKit.AddCatalogAppAsync(_factory, "photos");
        var envelope = await (await owner.SendJsonAsync(HttpMethod.Post, "/apps/photos/install", AppTestKit.InstallBody("photos", sync: false))).ReadEnvelopeAsync(HttpStatusCode.OK);
        await owner.WaitForTaskAsync(envelope.TaskId());

        var hidden = await (await stranger.GetAsync($"{AppTestKit.Base}/tasks/{envelope.TaskId()}")).ReadEnvelopeAsync(HttpStatusCode.NotFound);
        Assert.That(hidden.Message(), Is.EqualTo("Task not found"));
        var strangers = await (await stranger.GetAsync($"{AppTestKit.Base}/tasks")).ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(strangers["data"]!["tasks"]!.AsArray(), Is.Empty);

        var completed = await (await owner.GetAsync($"{AppTestKit.Base}/tasks?status=completed")).ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(completed.Message(), Is.EqualTo("Tasks retrieved successfully"));
        Assert.That(completed["data"]!["tasks"]!.AsArray().Select(t => t!["task_id"]!.GetValue<string>()), Does.Contain(envelope.TaskId()));
        var pending = await (await owner.GetAsync($"{AppTestKit.Base}/tasks?status=pending")).ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(pending["data"]!["tasks"]!.AsArray(), Is.Empty);

        var bad = await (await owner.GetAsync($"{AppTestKit.Base}/tasks?status=done")).ReadEnvelopeAsync(HttpStatusCode.BadRequest);
        Assert.That(bad.Message(), Does.StartWith("Invalid status parameter"));
    }
}
