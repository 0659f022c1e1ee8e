using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Market.Infrastructure.Persistence;

// Used only by `dotnet ef migrations add`; nothing connects at design time.
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresMarketDbContext>
{
    public PostgresMarketDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresMarketDbContext>()
            .UseNpgsql("Host=localhost;Database=market_design", o => o.MigrationsHistoryTable("__ef_migrations_history"))
            .Options);
}

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteMarketDbContext>
{
    public SqliteMarketDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteMarketDbContext>()
            .UseSqlite("Data Source=design.db", o => o.MigrationsHistoryTable("__ef_migrations_history"))
            .Options);
}
