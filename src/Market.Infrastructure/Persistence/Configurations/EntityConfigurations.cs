using Microsoft.EntityFrameworkCore;

namespace Market.Infrastructure.Persistence.Configurations;

/// <summary>
/// Every entity's configuration, applied by name: building the model no longer reflects over every type of this assembly
/// (both providers' migrations included) to find them. A test checks that this list builds the same model as that scan.
/// </summary>
internal static class EntityConfigurations
{
    public static ModelBuilder ApplyMarketConfigurations(this ModelBuilder modelBuilder) => modelBuilder
        .ApplyConfiguration(new AppPackageConfiguration())
        .ApplyConfiguration(new AppTaskConfiguration())
        .ApplyConfiguration(new CatalogAppConfiguration())
        .ApplyConfiguration(new DataProtectionKeyConfiguration())
        .ApplyConfiguration(new HistoryRecordConfiguration())
        .ApplyConfiguration(new MarketSourceConfiguration())
        .ApplyConfiguration(new NotificationDeliveryConfiguration())
        .ApplyConfiguration(new NotificationSubscriptionConfiguration())
        .ApplyConfiguration(new PaymentKeyConfiguration())
        .ApplyConfiguration(new PreinstallDecisionConfiguration())
        .ApplyConfiguration(new PurchaseConfiguration())
        .ApplyConfiguration(new SourceSnapshotConfiguration())
        .ApplyConfiguration(new TaskSecretConfiguration())
        .ApplyConfiguration(new UpdateAnnouncementConfiguration())
        .ApplyConfiguration(new UpdateBatchConfiguration())
        .ApplyConfiguration(new UpdatePreferenceConfiguration())
        .ApplyConfiguration(new UserAppConfiguration())
        .ApplyConfiguration(new UserMarketSettingsConfiguration());
}
