using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Market.Application.Apps.Operations;
using Market.Application.Common.Events;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Market.Application.Common.Runtime;
using Market.Application.Common.Telemetry;
using Market.Application.Tasks.Commands.ApplyRuntimeReport;
using Market.Application.Tasks.Commands.StartTaskAttempt;
using Market.Application.Tasks.Engine;
using Market.Application.Tests.Common;
using Market.Application.Tests.Infrastructure;
using Market.Domain.Apps;
using Market.Domain.Tasks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;

namespace Market.Application.Tests.Tasks;

/// <summary>The task engine (submitter, follower, their unit of work) on a real database, against a scripted runtime.</summary>
public sealed class TaskEngineTests
{
    private const string Host = "host-a";
    private TestDatabase _database = null!;
    private ServiceProvider _services = null!;
    private FakeAppRuntime _runtime = null!;
    private TaskSecretVault _vault = null!;
    private TaskRunner _runner = null!;
    private TestScopedSender _steps = null!;
    private readonly SemaphoreSlim _gate = new(1, 1);

    [SetUp]
    public void SetUp()
    {
        _database = new TestDatabase();
        _services = new ServiceCollection().AddScoped<IMarketDbContext>(_ => _database.CreateContext()).BuildServiceProvider();
        _runtime = new FakeAppRuntime();
        _vault = new TaskSecretVault(new ReversingSecretProtector());
        var clock = TimeProvider.System;
        var events = Mock.Of<IMarketEventBus>();
        var queue = Mock.Of<ITaskQueue>(q => q.HostId == Host);
        var announcer = new TaskAnnouncer(new AppStatePublisher(Mock.Of<IHotStateStore>(), events, clock, NullLogger<AppStatePublisher>.Instance), new TaskEventPublisher(events, clock), queue, new MarketTelemetry(new TestMeterFactory()));
        _steps = new TestScopedSender(_database, clock, _vault);
        var options = Options.Create(new TasksOptions { MaxSubmitAttempts = 2 });
        _runner = new TaskRunner(
            _steps,
            new TaskSubmitter(_steps, _runtime, announcer, clock, options, NullLogger<TaskSubmitter>.Instance),
            new TaskFollower(_steps, _runtime, announcer, clock, options, Options.Create(new UpgradesOptions()), NullLogger<TaskFollower>.Instance));
    }

    [TearDown]
    public async Task TearDown()
    {
        await _services.DisposeAsync();
        _steps.Dispose();
        _database.Dispose();
    }

    [OneTimeTearDown]
    public void Dispose() => _gate.Dispose();

    [Test]
    public async Task A_task_is_submitted_once_and_followed_until_the_app_runs()
    {
        var taskId = await BeginInstallAsync(new AppEnv("DB_PASSWORD", "hunter2"));

        await _runner.RunAsync(taskId, Host, _gate, CancellationToken.None);

        Assert.That(_runtime.Submissions, Has.Count.EqualTo(1));
        Assert.That(_runtime.Submissions.Single().Envs.Single().Value, Is.EqualTo("hunter2"), "the secret reaches the runtime from the vault");
        var (task, app) = await ReadAsync(taskId);
        Assert.That((task.Status, task.OperationId, task.Attempts), Is.EqualTo((AppTaskStatus.Completed, "op-" + taskId, 1)));
        Assert.That((app.State, app.InstalledVersion), Is.EqualTo((AppState.Running, "1.0.0")));
        await using (var db = _database.CreateContext())
        {
            Assert.That(await db.TaskSecrets.CountAsync(), Is.Zero, "the sealed secrets are deleted once the runtime has them");
        }
    }

    [Test]
    public async Task Secrets_are_stored_only_sealed_and_apart_from_the_task()
    {
        var taskId = await BeginInstallAsync(new AppEnv("DB_PASSWORD", "hunter2"));

        await using var db = _database.CreateContext();
        var task = await db.AppTasks.AsNoTracking().SingleAsync(t => t.Id == taskId);
        var sealedValues = await db.TaskSecrets.AsNoTracking().SingleAsync(s => s.TaskId == taskId);
        Assert.That(task.RequestJson, Does.Not.Contain("hunter2"));
        Assert.That(sealedValues.Ciphertext, Does.Not.Contain("hunter2").And.StartsWith("sealed:"));
    }

    [Test]
    public async Task A_task_whose_secrets_were_never_sealed_fails_saying_they_were_lost()
    {
        var taskId = await BeginInstallAsync(sealSecrets: false, new AppEnv("DB_PASSWORD", "hunter2"));

        await _runner.RunAsync(taskId, Host, _gate, CancellationToken.None);

        Assert.That(_runtime.Submissions, Is.Empty, "never installed with a blank password");
        var (task, _) = await ReadAsync(taskId);
        Assert.That((task.Status, task.Error), Is.EqualTo((AppTaskStatus.Failed, TaskRunner.SecretsLostMessage)));
    }

    [Test]
    public async Task An_attempt_is_one_activity_in_the_trace_of_the_request_that_created_the_task()
    {
        var spans = new List<System.Diagnostics.Activity>();
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = s => s.Name == MarketTelemetry.Name,
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);
        string taskId;
        string traceId;
        using (var request = new System.Diagnostics.Activity("POST install").SetIdFormat(System.Diagnostics.ActivityIdFormat.W3C).Start())
        {
            traceId = request.TraceId.ToString();
            taskId = await BeginInstallAsync(new AppEnv("DB_PASSWORD", "hunter2"));
        }

        await _runner.RunAsync(taskId, Host, _gate, CancellationToken.None);

        var attempt = spans.Single(s => s.GetTagItem("market.task.id") as string == taskId);
        Assert.That(attempt.TraceId.ToString(), Is.EqualTo(traceId), "the attempt joins the request's trace");
        Assert.That(_runtime.SubmittedUnder, Is.EqualTo(attempt.SpanId.ToString()), "the runtime is called within the attempt");
        Assert.That(attempt.GetTagItem("market.task.status"), Is.EqualTo(AppTaskStatus.Completed.ToWire()));
        Assert.That(string.Join(",", attempt.TagObjects.Select(t => t.Value)), Does.Not.Contain("hunter2"));
    }

    [Test]
    public async Task A_task_with_an_operation_id_is_resumed_by_it_never_submitted_again()
    {
        var taskId = await BeginInstallAsync();
        await using (var db = _database.CreateContext())
        {
            var task = await db.AppTasks.SingleAsync(t => t.Id == taskId);
            task.Start(DateTime.UtcNow);
            task.RecordOperation("op-before-restart", null, DateTime.UtcNow);
            await db.SaveChangesAsync();
        }

        await _runner.RunAsync(taskId, Host, _gate, CancellationToken.None);

        Assert.That(_runtime.Submissions, Is.Empty);
        Assert.That(_runtime.StatusQueries, Does.Contain("op-before-restart"));
        Assert.That((await ReadAsync(taskId)).Task.Status, Is.EqualTo(AppTaskStatus.Completed));
    }

    [Test]
    public async Task A_refusal_fails_the_task_at_once_and_keeps_the_runtimes_response()
    {
        var taskId = await BeginInstallAsync();
        _runtime.Submit = _ => RuntimeSubmission.Reject(422, 422, "missing required env values: DB_HOST",
            new JsonObject { ["type"] = "appenv" }, "appservice: install code=422: missing required env values: DB_HOST", "{}");

        await _runner.RunAsync(taskId, Host, _gate, CancellationToken.None);

        var (task, app) = await ReadAsync(taskId);
        Assert.That((task.Status, task.Error), Is.EqualTo((AppTaskStatus.Failed, "appservice: install code=422: missing required env values: DB_HOST")));
        Assert.That(JsonNode.Parse(task.BackendResponseJson!)!["data"]!["type"]!.GetValue<string>(), Is.EqualTo("appenv"));
        Assert.That((app.State, app.Reason), Is.EqualTo((AppState.InstallFailed, task.Error)));
        Assert.That(_runtime.StatusQueries, Is.Empty, "a refused operation is not followed");
    }

    [Test]
    public async Task An_unreachable_runtime_releases_the_task_for_a_retry_that_asks_before_submitting_again()
    {
        var taskId = await BeginInstallAsync();
        _runtime.Submit = _ => throw new RuntimeUnavailableException("connection refused");

        await _runner.RunAsync(taskId, Host, _gate, CancellationToken.None);

        var (released, _) = await ReadAsync(taskId);
        Assert.That((released.Status, released.LeaseOwner, released.Attempts), Is.EqualTo((AppTaskStatus.Running, (string?)null, 1)));
        Assert.That(released.LeaseUntil, Is.GreaterThan(DateTime.UtcNow), "retried after a backoff");

        // The runtime got it after all (the answer was lost): the next attempt finds it instead of submitting twice.
        await ClaimAsync(taskId);
        _runtime.AlreadySubmitted = "op-lost-answer";
        await _runner.RunAsync(taskId, Host, _gate, CancellationToken.None);

        Assert.That(_runtime.Submissions, Has.Count.EqualTo(1));
        var (task, app) = await ReadAsync(taskId);
        Assert.That((task.Status, task.OperationId, task.Attempts), Is.EqualTo((AppTaskStatus.Completed, "op-lost-answer", 2)));
        Assert.That(app.State, Is.EqualTo(AppState.Running));
    }

    [Test]
    public async Task The_last_attempt_against_an_unreachable_runtime_fails_the_task()
    {
        var taskId = await BeginInstallAsync();
        _runtime.Submit = _ => throw new RuntimeUnavailableException("connection refused");

        await _runner.RunAsync(taskId, Host, _gate, CancellationToken.None);
        await ClaimAsync(taskId);
        await _runner.RunAsync(taskId, Host, _gate, CancellationToken.None);

        var (task, app) = await ReadAsync(taskId);
        Assert.That((task.Status, task.Error, task.Attempts), Is.EqualTo((AppTaskStatus.Failed, "connection refused", 2)));
        Assert.That(app.State, Is.EqualTo(AppState.InstallFailed));
    }

    /// <summary>Alice installs firefox 1.0.0 the way the install use case does it.</summary>
    private Task<string> BeginInstallAsync(params AppEnv[] envs) => BeginInstallAsync(sealSecrets: true, envs);

    /// <summary><paramref name="sealSecrets"/> false: a task written before secrets were sealed (its values only ever were in a host's memory).</summary>
    private async Task<string> BeginInstallAsync(bool sealSecrets, params AppEnv[] envs)
    {
        var declared = envs.Select(e => new DeclaredEnv(e.EnvName, "string", true, false, false)).ToList();
        var (stored, secrets) = TaskRequest.SplitEnvs(envs, declared);
        var request = new TaskRequest { Source = "upload", Version = "1.0.0", Envs = stored, DeclaredEnvs = declared.Select(StoredDeclaredEnv.From).ToList() };
        await using var db = _database.CreateContext();
        var now = DateTime.UtcNow;
        var app = UserApp.Create("alice", "firefox", "firefox", now);
        var task = app.BeginInstall(
            new AppListing("upload", "a1b2c3d4", "1.0.0", "Firefox", string.Empty, []),
            new TaskDraft(Host, TimeSpan.FromSeconds(20), request.Write(), null, now) { TraceParent = MarketTelemetry.CurrentTraceParent() });
        db.UserApps.Add(app);
        db.AppTasks.Add(task);
        if (secrets.Count > 0 && sealSecrets)
        {
            _vault.Seal(db, task.Id, secrets, now);
        }

        await db.SaveChangesAsync();

        return task.Id;
    }

    /// <summary>This host claims the released task again (what the worker's claimer does).</summary>
    private async Task ClaimAsync(string taskId)
    {
        await using var db = _database.CreateContext();
        await db.AppTasks.Where(t => t.Id == taskId).ExecuteUpdateAsync(s => s.SetProperty(t => t.LeaseOwner, Host).SetProperty(t => t.LeaseUntil, DateTime.UtcNow.AddSeconds(20)));
    }

    private async Task<(AppTask Task, UserApp App)> ReadAsync(string taskId)
    {
        await using var db = _database.CreateContext();
        var task = await db.AppTasks.AsNoTracking().SingleAsync(t => t.Id == taskId);
        var app = await db.UserApps.AsNoTracking().SingleAsync(a => a.UserId == task.UserId && a.AppName == task.AppName);
        return (task, app);
    }
}
