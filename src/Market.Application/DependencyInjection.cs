using FluentValidation;
using Market.Application.Common.Telemetry;
using Market.Application.Apps.Operations;
using Market.Application.Tasks.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Application;

public static class DependencyInjection
{
    /// <summary>Registers the validators and application services. The mediator itself is generated in the Api project.</summary>
    public static IServiceCollection AddApplicationServices(this IServiceCollection services)
    {
        services.AddValidatorsFromAssembly(typeof(DependencyInjection).Assembly, includeInternalTypes: true);
        services.AddSingleton<MarketTelemetry>();

        // The app operations and the task engine (its host, TaskWorkerService, lives in Infrastructure).
        services.AddSingleton<AppStatePublisher>();
        services.AddSingleton<TaskEventPublisher>();
        services.AddSingleton<TaskAnnouncer>();
        services.AddSingleton<TaskSecretVault>();
        services.AddSingleton<TaskSubmitter>();
        services.AddSingleton<TaskFollower>();
        services.AddSingleton<TaskRunner>();
        services.AddScoped<ChartOperationPreamble>();
        services.AddScoped<Apps.Preflight.AppPreflight>();
        services.AddScoped<OperationStarter>();
        services.AddScoped<OperationResponder>();
        services.AddScoped<DirectOperation>();
        return services;
    }
}
