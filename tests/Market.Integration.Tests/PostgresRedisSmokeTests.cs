using System.Net;
using System.Text.Json.Nodes;
using Market.Integration.Tests.Infrastructure;

namespace Market.Integration.Tests;

public sealed class PostgresRedisSmokeTests
{
    [Test]
    public async Task Service_starts_on_migrated_postgres_and_reports_ready()
    {
        var (postgres, redis, prefix) = await MarketIntegrationFactory.CreateDeploymentAsync();
        try
        {
            using var factory = new MarketIntegrationFactory(postgres, redis, prefix);
            using var client = factory.CreateUserClient("alice");

            var response = await client.GetAsync("/healthz/ready");
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body.ToJsonString());
            Assert.That(body["data"]!["checks"]!["database"]!.GetValue<string>(), Is.EqualTo("Healthy"));
        }
        finally
        {
            await TestInfrastructure.DropDatabaseAsync(postgres);
        }
    }
}
