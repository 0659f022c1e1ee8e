using DotNet.Testcontainers.Builders;
using Npgsql;
using Testcontainers.PostgreSql;
using Testcontainers.Redis;

namespace Market.Integration.Tests.Infrastructure;

/// <summary>
/// Where the real PostgreSQL and Redis come from: <c>MARKET_TEST_POSTGRES</c> / <c>MARKET_TEST_REDIS</c>
/// first, then Testcontainers where a Docker engine exists, otherwise the test is ignored with the
/// reason, or fails when <c>MARKET_REQUIRE_INTEGRATION=1</c> (CI) so a broken setup never passes quietly.
/// </summary>
public static class TestInfrastructure
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _postgres;
    private static string? _redis;
    private static PostgreSqlContainer? _postgresContainer;
    private static RedisContainer? _redisContainer;

    public static bool Required => Environment.GetEnvironmentVariable("MARKET_REQUIRE_INTEGRATION") == "1";

    /// <summary>Connection string of a server (maintenance database) to create test databases on.</summary>
    public static async Task<string> GetPostgresAsync()
    {
        await Gate.WaitAsync();
        try
        {
            _postgres ??= Environment.GetEnvironmentVariable("MARKET_TEST_POSTGRES") is { Length: > 0 } fromEnv
                ? fromEnv
                : await StartPostgresContainerAsync();
            return _postgres;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Redis configuration string.</summary>
    public static async Task<string> GetRedisAsync()
    {
        await Gate.WaitAsync();
        try
        {
            _redis ??= Environment.GetEnvironmentVariable("MARKET_TEST_REDIS") is { Length: > 0 } fromEnv
                ? fromEnv
                : await StartRedisContainerAsync();
            return _redis;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Creates an empty database for one test fixture; the service's migrations fill it.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var server = await GetPostgresAsync();
        var name = "market_test_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(server) { Database = name, Pooling = true }.ConnectionString;
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>.</summary>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(await GetPostgresAsync());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string> StartPostgresContainerAsync()
    {
        try
        {
            _postgresContainer = new PostgreSqlBuilder("postgres:17-alpine").Build();
            await _postgresContainer.StartAsync();
            return _postgresContainer.GetConnectionString();
        }
        catch (Exception ex) when (ex is DockerUnavailableException or ArgumentException or InvalidOperationException)
        {
            return Unavailable("PostgreSQL", "MARKET_TEST_POSTGRES", ex);
        }
    }

    private static async Task<string> StartRedisContainerAsync()
    {
        try
        {
            _redisContainer = new RedisBuilder("redis:7-alpine").Build();
            await _redisContainer.StartAsync();
            return _redisContainer.GetConnectionString();
        }
        catch (Exception ex) when (ex is DockerUnavailableException or ArgumentException or InvalidOperationException)
        {
            return Unavailable("Redis", "MARKET_TEST_REDIS", ex);
        }
    }

    private static string Unavailable(string what, string variable, Exception ex)
    {
        var reason = $"no {what}: set {variable} or run a Docker engine ({ex.GetType().Name})";
        if (Required)
        {
            Assert.Fail(reason + " — MARKET_REQUIRE_INTEGRATION=1 makes this a failure");
        }

        Skip.Because(reason);
        return string.Empty;
    }
}
