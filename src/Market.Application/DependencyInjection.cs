using FluentValidation;
using Market.Application.Apps.Commands.RollbackApp;
using Market.Application.Apps.Commands.UpgradeApp;
using Market.Application.Apps.Operations;
using Market.Application.Common.Events;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Telemetry;
using Market.Application.Payments;
using Market.Application.Tasks.Commands.ApplyRuntimeReport;
using Market.Application.Tasks.Commands.StartTaskAttempt;
using Market.Application.Tasks.Engine;
using Market.Application.Updates;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Application;

public static class DependencyInjection
{
    /// <summary>Registers the validators and application services. The mediator itself is generated in the Api project.</summary>
    public static IServiceCollection AddApplicationServices(this IServiceCollection services)
    {
        services.AddValidatorsFromAssembly(typeof(DependencyInjection).Assembly, includeInternalTypes: true);
        services.AddSingleton<MarketTelemetry>();

        // Paid apps: the purchase workflow and the one install gate (free apps pass, paid ones need a confirmed VC; ADR 0012).
        services.AddSingleton<CallbackTickets>();
        services.AddScoped<IAppPurchaseGate, PurchaseGate>();
        services.AddScoped<PaymentData>();
        services.AddScoped<PurchaseAnswers>();
        services.AddScoped<PurchaseEffects>();
        services.AddScoped<CallbackGuard>();
        services.AddScoped<IPurchaseCredentials, PurchaseCredentials>();

        // The app operations and the task engine (its host, TaskWorkerService, lives in Infrastructure).
        services.AddSingleton<AppStatePublisher>();
        services.AddSingleton<TaskEventPublisher>();
        services.AddSingleton<TaskAnnouncer>();
        services.AddSingleton<TaskSecretVault>();
        services.AddSingleton<TaskSubmitter>();
        services.AddSingleton<TaskFollower>();
        services.AddSingleton<TaskRunner>();
        services.AddSingleton<ITaskEngine>(sp => sp.GetRequiredService<TaskRunner>());
        services.AddScoped<OlaresVersionCheck>();
        services.AddScoped<CatalogVersionLookup>();
        services.AddScoped<ChartOperationPreamble>();
        services.AddScoped<ChartReferences>();
        services.AddScoped<RollbackPointReader>();
        services.AddScoped<Apps.Queries.PreflightApp.AppPreflight>();
        services.AddScoped<OperationStarter>();
        services.AddScoped<OperationResponder>();
        services.AddScoped<DirectOperation>();
        services.AddScoped<Preinstall.Commands.RunPreinstall.PreinstallAccounts>();
        services.AddScoped<Preinstall.Commands.RunPreinstall.LocalChartImport>();
        services.AddScoped<RollbackStarter>();

        // The update centre.
        services.AddScoped<AvailableUpdates>();
        services.AddScoped<UpdateChoices>();
        services.AddScoped<UpdateBatchReader>();
        return services;
    }
}
