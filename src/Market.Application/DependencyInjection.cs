using FluentValidation;
using Market.Application.Common.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Application;

public static class DependencyInjection
{
    /// <summary>Registers the validators and application services. The mediator itself is generated in the Api project.</summary>
    public static IServiceCollection AddApplicationServices(this IServiceCollection services)
    {
        services.AddValidatorsFromAssembly(typeof(DependencyInjection).Assembly, includeInternalTypes: true);
        services.AddSingleton<MarketTelemetry>();
        return services;
    }
}
