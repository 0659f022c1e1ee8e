using Market.Domain.Apps;
using Market.Domain.Catalog;
using Market.Domain.History;
using Market.Domain.Packages;
using Market.Domain.Payments;
using Market.Domain.Settings;
using Market.Domain.Sources;
using Market.Domain.Tasks;
using Market.Domain.Updates;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Market.Application.Common.Interfaces;

/// <summary>The relational store as use cases see it (PostgreSQL or SQLite behind it).</summary>
public interface IMarketDbContext
{
    DbSet<MarketSource> MarketSources { get; }

    DbSet<SourceSnapshot> SourceSnapshots { get; }

    DbSet<CatalogApp> CatalogApps { get; }

    DbSet<AppPackage> AppPackages { get; }

    DbSet<UserApp> UserApps { get; }

    DbSet<AppTask> AppTasks { get; }

    DbSet<UserMarketSettings> UserSettings { get; }

    DbSet<HistoryRecord> HistoryRecords { get; }

    DbSet<Purchase> Purchases { get; }

    /// <summary>Sealed secret env values of tasks not yet at the runtime (<see cref="Market.Application.Tasks.Engine.TaskSecretVault"/>).</summary>
    DbSet<TaskSecret> TaskSecrets { get; }

    /// <summary>Keys generated once and shared by every replica (the payment callback ticket key).</summary>
    DbSet<PaymentKey> PaymentKeys { get; }

    /// <summary>What preinstall decided per declaration, app and account (<see cref="Market.Domain.Preinstall.PreinstallDecision"/>).</summary>
    DbSet<Market.Domain.Preinstall.PreinstallDecision> PreinstallDecisions { get; }
    DbSet<UpdatePreference> UpdatePreferences { get; }

    /// <summary>Which newer versions each user was told about (<c>update_available</c>, once per app and version).</summary>
    DbSet<UpdateAnnouncement> UpdateAnnouncements { get; }

    DbSet<UpdateBatch> UpdateBatches { get; }

    DbSet<Market.Domain.Notifications.NotificationSubscription> NotificationSubscriptions { get; }

    /// <summary>The webhook outbox: rows written with the event they announce, posted later.</summary>
    DbSet<Market.Domain.Notifications.NotificationDelivery> NotificationDeliveries { get; }

    /// <summary>True on PostgreSQL (row locks, jsonb); false on SQLite.</summary>
    bool IsPostgres { get; }

    /// <summary>Transactions and the execution strategy: only <see cref="Behaviours.UnitOfWorkBehaviour{TMessage, TResponse}"/> opens them.</summary>
    DatabaseFacade Database { get; }

    /// <summary>Cleared by the unit of work before a command runs again after a conflict.</summary>
    ChangeTracker ChangeTracker { get; }

    Task<int> SaveChangesAsync(CancellationToken cancellationToken);
}
