using System.Text.RegularExpressions;
using Market.Integration.Tests.Infrastructure;
using Market.Testing.Readme;
using Npgsql;

namespace Market.Integration.Tests;

/// <summary>
/// The README's ahead-of-deployment migration commands (<c>dotnet tool restore</c>, <c>dotnet ef migrations script
/// --idempotent</c>, <c>dotnet ef migrations bundle</c>, the bundle run), as written, with only the output paths moved
/// into a temporary folder and <c>ConnectionStrings__Postgres</c> naming a fresh database: the bundle migrates that
/// database to the newest migration, and the script does the same to a second fresh one, twice without harm.
/// </summary>
public sealed partial class ReadmeMigrationCommandTests
{
    [Test]
    public async Task The_idempotent_script_and_the_bundle_migrate_fresh_databases_to_the_newest_migration()
    {
        var forBundle = await TestInfrastructure.CreateDatabaseAsync();
        var forScript = await TestInfrastructure.CreateDatabaseAsync();
        var output = Path.Combine(Path.GetTempPath(), "market-migrate-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(output);
        try
        {
            var block = ReadmeBlocks.Get("migrate");
            Assert.That(block, Does.Contain("-o migrate.sql").And.Contain("-o market-migrate").And.Contain("./market-migrate --connection"), "the README's output names");
            using var run = ReadmeProcess.Start(
                block,
                new Dictionary<string, string> { ["ConnectionStrings__Postgres"] = forBundle },
                edit: script => "set -eu\n" + script
                    .Replace("-o migrate.sql", $"-o '{output}/migrate.sql'", StringComparison.Ordinal)
                    .Replace("-o market-migrate", $"-o '{output}/market-migrate'", StringComparison.Ordinal)
                    .Replace("./market-migrate --connection", $"'{output}/market-migrate' --connection", StringComparison.Ordinal));

            Assert.That(await run.WaitForExitAsync(TimeSpan.FromMinutes(8)), Is.Zero, run.Transcript());
            var expected = PostgresMigrations();
            Assert.That(await AppliedAsync(forBundle), Is.EqualTo(expected), "the bundle applied every migration\n" + run.Transcript());

            var script = await File.ReadAllTextAsync(Path.Combine(output, "migrate.sql"));
            await ExecuteAsync(forScript, script);
            await ExecuteAsync(forScript, script); // idempotent: a second run changes nothing and fails on nothing
            Assert.That(await AppliedAsync(forScript), Is.EqualTo(expected), "the script applied every migration");
            Assert.That(await TablesAsync(forScript), Is.EqualTo(await TablesAsync(forBundle)), "both ways give the same schema");
        }
        finally
        {
            await TestInfrastructure.DropDatabaseAsync(forBundle);
            await TestInfrastructure.DropDatabaseAsync(forScript);
            Directory.Delete(output, recursive: true);
        }
    }

    /// <summary>The PostgreSQL migrations in the repository, oldest first (their file names carry their ids).</summary>
    private static List<string> PostgresMigrations() =>
        Directory.EnumerateFiles(Path.Combine(ReadmeBlocks.RepositoryRoot, "src", "Market.Infrastructure", "Persistence", "Migrations", "Postgres"), "*.cs")
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .Where(n => MigrationFile().IsMatch(n))
            .Order(StringComparer.Ordinal)
            .ToList();

    private static async Task<List<string>> AppliedAsync(string connectionString) =>
        await QueryAsync(connectionString, "SELECT \"MigrationId\" FROM __ef_migrations_history ORDER BY \"MigrationId\"");

    private static async Task<List<string>> TablesAsync(string connectionString) =>
        await QueryAsync(connectionString, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name");

    private static async Task<List<string>> QueryAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    [GeneratedRegex(@"^\d{14}_\w+$")]
    private static partial Regex MigrationFile();
}
