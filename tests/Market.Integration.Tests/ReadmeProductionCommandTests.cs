using System.Text.RegularExpressions;
using Market.Integration.Tests.Infrastructure;
using Market.Testing.Readme;

namespace Market.Integration.Tests;

/// <summary>
/// The README's production-mode commands (PostgreSQL + Redis), run as written with the reader's placeholders
/// (<c>Host=db…</c>, <c>redis:6379</c>) replaced by the test servers: the service migrates a fresh database and
/// reports itself ready with both.
/// </summary>
public sealed partial class ReadmeProductionCommandTests
{
    [Test]
    public async Task The_production_commands_start_a_ready_service_on_postgres_and_redis()
    {
        var postgres = await TestInfrastructure.CreateDatabaseAsync();
        var redis = await TestInfrastructure.GetRedisAsync();
        try
        {
            var block = ReadmeBlocks.Get("production");
            Assert.That(PostgresPlaceholder().IsMatch(block) && RedisPlaceholder().IsMatch(block), Is.True, "the README's connection string lines");
            using var market = ReadmeProcess.Start(
                block,
                new Dictionary<string, string> { ["Market__HotState__KeyPrefix"] = $"readme-{Guid.NewGuid():N}:" },
                edit: script => RedisPlaceholder().Replace(PostgresPlaceholder().Replace(script, $"ConnectionStrings__Postgres='{postgres}'"), $"ConnectionStrings__Redis='{redis}'"));
            using var client = new HttpClient { BaseAddress = new Uri(market.BaseAddress) };

            string? ready = null;
            await Eventually.HoldsAsync(
                async () =>
                {
                    Assert.That(market.HasExited, Is.False, () => "the README command ended early\n" + market.Transcript());
                    try
                    {
                        using var response = await client.GetAsync("/healthz/ready");
                        ready = response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : null;
                        return ready is not null;
                    }
                    catch (HttpRequestException)
                    {
                        return false;
                    }
                },
                () => "ready on PostgreSQL and Redis\n" + market.Transcript(),
                TimeSpan.FromSeconds(90));

            Assert.That(ready, Does.Contain("\"database\":\"Healthy\"").And.Contain("\"redis\":\"Healthy\""));
            Assert.That(await client.GetStringAsync("/"), Does.Contain("production (storage Postgres, hot state Redis"));
        }
        finally
        {
            await TestInfrastructure.DropDatabaseAsync(postgres);
        }
    }

    [GeneratedRegex(@"ConnectionStrings__Postgres='[^']*'")]
    private static partial Regex PostgresPlaceholder();

    [GeneratedRegex(@"ConnectionStrings__Redis='[^']*'")]
    private static partial Regex RedisPlaceholder();
}
