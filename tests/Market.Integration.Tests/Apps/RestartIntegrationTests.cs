using System.Net;
using System.Text.Json.Nodes;
using Market.Domain.Apps;
using Market.Domain.Tasks;
using Market.Infrastructure.Persistence;
using Market.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Integration.Tests.Apps;

/// <summary>Hosts that stop mid-task, against the Olares adapter and an in-process app-service that counts submissions.</summary>
[NonParallelizable]
public sealed class RestartIntegrationTests
{
    private (string Postgres, string Redis, string Prefix) _deployment;
    private FakeAppService _appService = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _deployment = await MarketIntegrationFactory.CreateDeploymentAsync();
        _appService = await FakeAppService.StartAsync(TimeSpan.FromMilliseconds(700));
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        // Nothing to undo when the set-up was ignored for want of PostgreSQL/Redis.
        if (_appService is not null)
        {
            await _appService.DisposeAsync();
        }

        if (!string.IsNullOrEmpty(_deployment.Postgres))
        {
            await TestInfrastructure.DropDatabaseAsync(_deployment.Postgres);
        }
    }

    [Test]
    public async Task A_host_stopped_mid_task_is_resumed_by_a_new_host_and_the_app_service_saw_one_submission()
    {
        string taskId;
        using (var first = NewHost())
        {
            await IntegrationKit.AddCatalogAppAsync(first, "journal");
            using var client = first.CreateUserClient("alice");
            var envelope = await (await client.PostJsonAsync("/apps/journal/install", IntegrationKit.InstallBody("journal", sync: true))).ReadEnvelopeAsync(HttpStatusCode.OK);
            Assert.That(envelope["message"]!.GetValue<string>(), Is.EqualTo("App installation completed successfully"));
            taskId = (await TaskOfAsync(first, "alice", "journal")).Id;
            await IntegrationKit.WaitForAppAsync(first, "alice", "journal", a => a.State == AppStates.Downloading);
        } // graceful stop: the lease is handed back mid-download

        using var inspector = NewHostServicesOnly();
        var stopped = await TaskOfAsync(inspector, "alice", "journal");
        Assert.That((stopped.Status, stopped.LeaseOwner), Is.EqualTo((AppTaskStatus.Running, (string?)null)), "left re-claimable");

        using var second = NewHost();
        using var secondClient = second.CreateUserClient("alice");
        var task = await secondClient.WaitForTaskAsync(taskId);

        Assert.That(task["status"]!.GetValue<string>(), Is.EqualTo("completed"));
        var app = await IntegrationKit.WaitForAppAsync(second, "alice", "journal", a => a.State == AppStates.Running);
        Assert.That(app.InstalledVersion, Is.EqualTo("1.0.0"));
        Assert.That(_appService.Submissions("install", "journal"), Is.EqualTo(1));
    }

    [Test]
    public async Task A_host_that_died_between_submitting_and_recording_is_not_submitted_twice()
    {
        using (var first = NewHost())
        {
            await IntegrationKit.AddCatalogAppAsync(first, "ledger");
            using var client = first.CreateUserClient("bob");
            await (await client.PostJsonAsync("/apps/ledger/install", IntegrationKit.InstallBody("ledger", sync: true))).ReadEnvelopeAsync(HttpStatusCode.OK);
        }

        // What a crash right after the runtime accepted would leave: claimed once, no operation id, a dead owner's expired lease.
        await using (var scope = NewHostServicesOnlyScope(out var services))
        {
            var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
            await db.AppTasks.Where(t => t.UserId == "bob").ExecuteUpdateAsync(s => s
                .SetProperty(t => t.OperationId, (string?)null)
                .SetProperty(t => t.LeaseOwner, "dead-host")
                .SetProperty(t => t.LeaseUntil, DateTime.UtcNow.AddSeconds(-1)));
            services.Dispose();
        }

        using var second = NewHost();
        using var secondClient = second.CreateUserClient("bob");
        var task = await secondClient.WaitForTaskAsync((await TaskOfAsync(second, "bob", "ledger")).Id);

        Assert.That(task["status"]!.GetValue<string>(), Is.EqualTo("completed"));
        Assert.That(task["op_id"]!.GetValue<string>(), Is.Not.Empty, "the operation was found at app-service");
        Assert.That(_appService.Submissions("install", "ledger"), Is.EqualTo(1));
    }

    [Test]
    public async Task A_422_appenv_refusal_reaches_the_caller_with_the_backend_response()
    {
        using var host = NewHost();
        await IntegrationKit.AddCatalogAppAsync(host, "licensed");
        _appService.RequiredEnvs.Add("LICENSE");
        try
        {
            using var client = host.CreateUserClient("carol");
            var envelope = await (await client.PostJsonAsync("/apps/licensed/install", IntegrationKit.InstallBody("licensed", sync: true))).ReadEnvelopeAsync(HttpStatusCode.InternalServerError);

            Assert.That(envelope["success"]!.GetValue<bool>(), Is.False);
            Assert.That(envelope["data"]!["backend_response"]!["code"]!.GetValue<int>(), Is.EqualTo(422));
            Assert.That(envelope["data"]!["backend_response"]!["data"]!["type"]!.GetValue<string>(), Is.EqualTo("appenv"));
            Assert.That(envelope["data"]!["backend_response"]!["data"]!["Data"]!["missingValues"]![0]!["envName"]!.GetValue<string>(), Is.EqualTo("LICENSE"));
        }
        finally
        {
            _appService.RequiredEnvs.Clear();
        }
    }

    private MarketIntegrationFactory NewHost()
    {
        var host = new MarketIntegrationFactory(_deployment.Postgres, _deployment.Redis, _deployment.Prefix, new Dictionary<string, string?>
        {
            ["Market:Runtime:Provider"] = "Olares",
            ["Market:Runtime:Olares:AppServiceUrl"] = _appService.Url,
            ["Market:Runtime:Olares:PollIntervalMs"] = "100",
            ["Market:Tasks:LeaseSeconds"] = "3",
        });
        _ = host.Server;
        return host;
    }

    private static async Task<Market.Domain.Tasks.AppTask> TaskOfAsync(IServiceProvider services, string user, string app)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MarketDbContext>().AppTasks.AsNoTracking().SingleAsync(t => t.UserId == user && t.AppName == app);
    }

    private static Task<Market.Domain.Tasks.AppTask> TaskOfAsync(MarketIntegrationFactory host, string user, string app) => TaskOfAsync(host.Services, user, app);

    /// <summary>A database context without a running host (no workers that could pick the task up).</summary>
    private ServiceProvider NewHostServicesOnly()
    {
        var services = new ServiceCollection();
        services.AddDbContext<MarketDbContext, PostgresMarketDbContext>(o => o.UseNpgsql(_deployment.Postgres));
        return services.BuildServiceProvider();
    }

    private AsyncServiceScope NewHostServicesOnlyScope(out ServiceProvider services)
    {
        services = NewHostServicesOnly();
        return services.CreateAsyncScope();
    }
}
