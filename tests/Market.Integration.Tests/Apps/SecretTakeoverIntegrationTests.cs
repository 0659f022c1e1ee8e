using System.Net;
using System.Text.Json.Nodes;
using Market.Domain.Tasks;
using Market.Infrastructure.Persistence;
using Market.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Integration.Tests.Apps;

/// <summary>
/// Issue 10 item 6: the replica that created a task with a secret env dies before the runtime has it; another
/// replica of the same deployment (same PostgreSQL, same key ring) takes the task over and the runtime
/// receives the secret value. At rest the value is only ciphertext, and the row is gone once accepted.
/// </summary>
[NonParallelizable]
public sealed class SecretTakeoverIntegrationTests
{
    private const string Password = "s3cr3t-takeover-4711";

    private (string Postgres, string Redis, string Prefix) _deployment;
    private FakeAppService _appService = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _deployment = await MarketIntegrationFactory.CreateDeploymentAsync();
        _appService = await FakeAppService.StartAsync(TimeSpan.FromMilliseconds(200));
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
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
    public async Task A_replica_takes_over_a_task_whose_creator_died_and_the_runtime_receives_the_secret()
    {
        string taskId;
        using (var first = NewHost(appServiceUrl: "http://127.0.0.1:9")) // this replica cannot reach the runtime
        {
            await AppTestKit.AddCatalogAppAsync(first, "vault", envs: [new JsonObject { ["envName"] = "ROOT_PW", ["type"] = "password", ["required"] = true }]);
            using var client = first.CreateUserClient("alice");
            var envs = new JsonArray { new JsonObject { ["envName"] = "ROOT_PW", ["value"] = Password } };
            var envelope = await (await client.PostJsonAsync("/apps/vault/install", IntegrationKit.InstallBody("vault", sync: false, envs))).ReadEnvelopeAsync(HttpStatusCode.OK);
            taskId = envelope.TaskId();
            await Eventually.HoldsAsync(
                async () => (await TaskAsync(first.Services, taskId)).Attempts >= 1,
                "the first replica to try (and fail) to reach the runtime",
                TimeSpan.FromSeconds(60));
        } // the creator is gone; its memory with it

        await using (var db = NewContext())
        {
            var stored = await db.TaskSecrets.AsNoTracking().SingleAsync(s => s.TaskId == taskId);
            var task = await db.AppTasks.AsNoTracking().SingleAsync(t => t.Id == taskId);
            Assert.That(stored.Ciphertext, Does.Not.Contain(Password), "only ciphertext at rest");
            Assert.That(task.RequestJson, Does.Not.Contain(Password));
            Assert.That(task.OperationId, Is.Null, "the runtime never had the task");
            Assert.That(await db.DataProtectionKeys.CountAsync(), Is.GreaterThanOrEqualTo(1), "the key ring is in the database");
        }

        using var second = NewHost(_appService.Url);
        using var secondClient = second.CreateUserClient("alice");
        var finished = await secondClient.WaitForTaskAsync(taskId, timeoutSeconds: 120);

        Assert.That(finished["status"]!.GetValue<string>(), Is.EqualTo("completed"));
        var submitted = _appService.Requests.Single(r => r.Operation == "install" && r.App == "vault").Json!;
        var rootPw = submitted["envs"]!.AsArray().Single(e => e!["envName"]!.GetValue<string>() == "ROOT_PW")!;
        Assert.That(rootPw["value"]!.GetValue<string>(), Is.EqualTo(Password), "the runtime received the secret from the other replica");
        await using (var db = NewContext())
        {
            Assert.That(await db.TaskSecrets.AnyAsync(s => s.TaskId == taskId), Is.False, "the sealed values are deleted once the runtime accepted");
        }

        Assert.That(finished.ToJsonString(), Does.Not.Contain(Password), "the task view never shows it");
    }

    private MarketIntegrationFactory NewHost(string appServiceUrl)
    {
        var host = new MarketIntegrationFactory(_deployment.Postgres, _deployment.Redis, _deployment.Prefix, new Dictionary<string, string?>
        {
            ["Market:Runtime:Provider"] = "Olares",
            ["Market:Runtime:Olares:AppServiceUrl"] = appServiceUrl,
            ["Market:Runtime:Olares:PollIntervalMs"] = "100",
            ["Market:Tasks:LeaseSeconds"] = "3",
        });
        _ = host.Server;
        return host;
    }

    private static async Task<AppTask> TaskAsync(IServiceProvider services, string taskId)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MarketDbContext>().AppTasks.AsNoTracking().SingleAsync(t => t.Id == taskId);
    }

    /// <summary>A context on the deployment's database without a running host.</summary>
    private MarketDbContext NewContext() =>
        new PostgresMarketDbContext(new DbContextOptionsBuilder<PostgresMarketDbContext>().UseNpgsql(_deployment.Postgres).Options);
}
