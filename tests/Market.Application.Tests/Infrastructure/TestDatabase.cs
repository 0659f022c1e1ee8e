using Market.Domain.Sources;
using Market.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Tests.Infrastructure;

/// <summary>
/// The real <see cref="SqliteMarketDbContext"/> on a private in-memory SQLite database, built by the real
/// migrations and seeded with the built-in sources. <see cref="CreateContext"/> gives a fresh context on the
/// same data, so a test can check what was really saved.
/// </summary>
public sealed class TestDatabase : IDisposable
{
    public static readonly DateTime SeededAt = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private readonly SqliteConnection _connection = new("DataSource=:memory:");

    public TestDatabase()
    {
        _connection.Open();
        using var db = CreateContext();
        db.Database.Migrate();
        db.MarketSources.AddRange(
            MarketSource.BuiltInRemote(MarketSource.OfficialId, "Olares Market", "https://appstore.example", "official", SeededAt),
            MarketSource.BuiltInLocal(MarketSource.UploadId, "Upload", "", SeededAt),
            MarketSource.BuiltInLocal(MarketSource.StudioId, "Studio", "", SeededAt),
            MarketSource.BuiltInLocal(MarketSource.CliId, "CLI", "", SeededAt));
        db.SaveChanges();
    }

    public SqliteMarketDbContext CreateContext() =>
        new(new DbContextOptionsBuilder<SqliteMarketDbContext>()
            .UseSqlite(_connection, o => o.MigrationsHistoryTable("__ef_migrations_history"))
            .Options);

    public void Dispose() => _connection.Dispose();
}

/// <summary>A clock that says what the test wants.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
