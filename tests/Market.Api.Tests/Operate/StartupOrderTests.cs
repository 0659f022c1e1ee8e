using System.Net;
using Market.Api.Infrastructure.Http;
using Market.Api.Tests.Infrastructure;
using Market.Testing.Fakes;
using Market.Testing.Readme;
using Microsoft.Data.Sqlite;

namespace Market.Api.Tests.Operate;

/// <summary>
/// The server listens first and migrates after (ADR 0023): live at once, not ready and every API route a 503
/// "starting" envelope until the database is migrated, then everything as usual, background jobs included;
/// a database that cannot be migrated still ends the process in one line with exit code 1.
/// </summary>
public sealed class StartupOrderTests
{
    private const string Prefix = "/app-store/api/v2";

    [Test]
    public async Task While_the_migrations_wait_the_service_is_live_not_ready_and_says_it_is_starting()
    {
        await using var remote = await FakeRemoteMarket.StartAsync();
        remote.Put(FakeRemoteMarket.App("notes", "1.0.0"));
        using var factory = new MarketApiFactory(
            new Dictionary<string, string?>
            {
                ["Market:Sources:OfficialBaseUrl"] = remote.BaseUrl,
                ["Market:Sources:AllowPrivateNetworks"] = "true",
            },
            waitsForDatabase: false);

        // Another program holds the database file (a backup tool, a slow volume): the start-up migrations wait for it.
        Directory.CreateDirectory(factory.DataFolder);
        var holder = new SqliteConnection($"Data Source={Path.Combine(factory.DataFolder, "market.db")};Pooling=False");
        await holder.OpenAsync();
        await using (var begin = holder.CreateCommand())
        {
            begin.CommandText = "BEGIN EXCLUSIVE";
            await begin.ExecuteNonQueryAsync();
        }

        using var alice = factory.CreateUserClient("alice");
        try
        {
            await (await alice.GetAsync("/healthz/live")).ReadEnvelopeAsync(HttpStatusCode.OK);

            var ready = await (await alice.GetAsync("/healthz/ready")).ReadEnvelopeAsync(HttpStatusCode.ServiceUnavailable);
            Assert.That(ready["data"]!["checks"]!["database"]!.GetValue<string>(), Is.EqualTo("Unhealthy"));

            foreach (var path in new[] { "/market/hash", "/market/data", "/settings/market-settings" })
            {
                using var response = await alice.GetAsync(Prefix + path);
                var envelope = await response.ReadEnvelopeAsync(HttpStatusCode.ServiceUnavailable);
                Assert.That(envelope.Message(), Is.EqualTo(DatabaseStartingMiddleware.StartingMessage), path);
                Assert.That(response.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(2)), path);
            }

            Assert.That(remote.HashCalls, Is.Zero, "no sync before the database is ready");
        }
        finally
        {
            await holder.DisposeAsync(); // the transaction ends with the connection
        }

        await Eventually.HoldsAsync(
            async () => (await alice.GetAsync("/healthz/ready")).StatusCode == HttpStatusCode.OK,
            "ready once the database is migrated",
            TimeSpan.FromSeconds(30));
        await (await alice.GetAsync(Prefix + "/settings/market-settings")).ReadEnvelopeAsync(HttpStatusCode.OK);

        // The background jobs started after the signal: the first sync lists the remote's app.
        await Eventually.HoldsAsync(
            async () =>
            {
                var data = await (await alice.GetAsync(Prefix + "/market/data")).ReadEnvelopeAsync(HttpStatusCode.OK);
                return data["data"]?["user_data"]?["sources"]?["market.olares"]?["app_info_latest"]?.AsArray().Count == 1;
            },
            "the remote's app listed after the first sync",
            TimeSpan.FromSeconds(30));
    }

    [Test]
    public async Task A_database_that_cannot_be_migrated_stops_the_process_in_one_line()
    {
        var folder = Path.Combine(Path.GetTempPath(), "market-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var database = Path.Combine(folder, "market.db");
        await File.WriteAllTextAsync(database, "this file is not an SQLite database, it is somebody's notes\n" + new string('x', 4096));
        try
        {
            using var market = ReadmeProcess.Start(ReadmeBlocks.Get("port"), new Dictionary<string, string> { ["Market__Storage__SqlitePath"] = database });

            Assert.That(await market.WaitForExitAsync(TimeSpan.FromSeconds(90)), Is.EqualTo(1), market.Transcript());
            var lines = market.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.That(lines, Has.Length.EqualTo(1), market.Transcript());
            Assert.That(lines[0], Does.StartWith("Market cannot start: ").And.Contain("not a database"), market.Transcript());
            Assert.That(market.StandardError, Does.Not.Contain("   at "), "no stack trace");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
