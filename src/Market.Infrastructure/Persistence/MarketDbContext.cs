using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Market.Domain.Apps;
using Market.Domain.Catalog;
using Market.Domain.History;
using Market.Domain.Packages;
using Market.Domain.Payments;
using Market.Domain.Settings;
using Market.Domain.Sources;
using Market.Domain.Tasks;
using Market.Domain.Updates;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Market.Infrastructure.Persistence.Configurations;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Market.Infrastructure.Persistence;

/// <summary>
/// The relational store. Each provider has its own subclass so that each keeps its own migrations
/// (<see cref="PostgresMarketDbContext"/>, <see cref="SqliteMarketDbContext"/>).
/// </summary>
public abstract class MarketDbContext(DbContextOptions options) : DbContext(options), IMarketDbContext, IDataProtectionKeyContext
{
    /// <summary>Annotation set by configurations on JSON text columns; becomes <c>jsonb</c> on PostgreSQL.</summary>
    public const string JsonColumnAnnotation = "Market:Json";

    public DbSet<MarketSource> MarketSources => Set<MarketSource>();

    public DbSet<SourceSnapshot> SourceSnapshots => Set<SourceSnapshot>();

    public DbSet<CatalogApp> CatalogApps => Set<CatalogApp>();

    public DbSet<AppPackage> AppPackages => Set<AppPackage>();

    public DbSet<UserApp> UserApps => Set<UserApp>();

    public DbSet<AppTask> AppTasks => Set<AppTask>();

    public DbSet<UserMarketSettings> UserSettings => Set<UserMarketSettings>();

    public DbSet<HistoryRecord> HistoryRecords => Set<HistoryRecord>();

    public DbSet<Purchase> Purchases => Set<Purchase>();

    public DbSet<PaymentKey> PaymentKeys => Set<PaymentKey>();

    public DbSet<TaskSecret> TaskSecrets => Set<TaskSecret>();

    public DbSet<Market.Domain.Preinstall.PreinstallDecision> PreinstallDecisions => Set<Market.Domain.Preinstall.PreinstallDecision>();
    public DbSet<UpdatePreference> UpdatePreferences => Set<UpdatePreference>();

    public DbSet<UpdateAnnouncement> UpdateAnnouncements => Set<UpdateAnnouncement>();

    public DbSet<UpdateBatch> UpdateBatches => Set<UpdateBatch>();

    public DbSet<Market.Domain.Notifications.NotificationSubscription> NotificationSubscriptions => Set<Market.Domain.Notifications.NotificationSubscription>();

    public DbSet<Market.Domain.Notifications.NotificationDelivery> NotificationDeliveries => Set<Market.Domain.Notifications.NotificationDelivery>();

    /// <summary>The Data Protection key ring, shared by every replica (it seals <see cref="TaskSecrets"/>).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public abstract bool IsPostgres { get; }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyMarketConfigurations();

        var utc = new ValueConverter<DateTime, DateTime>(v => v.ToUniversalTime(), v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
        var utcNullable = new ValueConverter<DateTime?, DateTime?>(
            v => v.HasValue ? v.Value.ToUniversalTime() : v,
            v => v.HasValue ? DateTime.SpecifyKind(v.Value, DateTimeKind.Utc) : v);

        foreach (var property in modelBuilder.Model.GetEntityTypes().SelectMany(e => e.GetProperties()))
        {
            if (property.ClrType == typeof(DateTime))
            {
                property.SetValueConverter(utc);
            }
            else if (property.ClrType == typeof(DateTime?))
            {
                property.SetValueConverter(utcNullable);
            }

            if (IsPostgres && property.FindAnnotation(JsonColumnAnnotation) is not null)
            {
                property.SetColumnType("jsonb");
            }
        }
    }

    Task<int> IMarketDbContext.SaveChangesAsync(CancellationToken cancellationToken) => SaveChangesAsync(cancellationToken);

    /// <summary>A unique index refusing the save becomes <see cref="DuplicateRowException"/>, whatever the provider.</summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        try
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        catch (DbUpdateException ex) when (ex is not DbUpdateConcurrencyException && UniqueViolation.IsCause(ex))
        {
            throw new DuplicateRowException(ex.Message, ex.InnerException, ex.Entries);
        }
    }
}

public sealed class PostgresMarketDbContext(DbContextOptions<PostgresMarketDbContext> options) : MarketDbContext(options)
{
    public override bool IsPostgres => true;
}

public sealed class SqliteMarketDbContext(DbContextOptions<SqliteMarketDbContext> options) : MarketDbContext(options)
{
    public override bool IsPostgres => false;
}
