using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Market.Infrastructure.Runtime.Olares;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Market.Infrastructure.Nats;

internal static class NatsServiceCollectionExtensions
{
    /// <summary>
    /// With <c>Market:Nats:Url</c> set: the connection, the publish buffer, the NATS side of the event bus,
    /// the ingest subscriptions, the reconcile (Olares runtime) and the readiness check.
    /// The event bus itself is decorated with <see cref="NatsMarketEventBus"/> where it is registered.
    /// </summary>
    public static IServiceCollection AddNats(this IServiceCollection services, IConfiguration configuration, NatsOptions nats, RuntimeOptions runtime)
    {
        services.AddOptions<NatsOptions>().Bind(configuration.GetSection(NatsOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IAppStateFeed, HotStateAppStateFeed>();
        if (!nats.Enabled)
        {
            services.AddSingleton<IEventFabricStatus, DisabledEventFabricStatus>();
            return services;
        }

        services.AddSingleton<NatsCounters>();
        services.AddSingleton<NatsConnectionHolder>();
        services.AddHostedService(sp => sp.GetRequiredService<NatsConnectionHolder>());
        services.AddSingleton<NatsStateRefresh>();
        services.AddSingleton<NatsPublishBuffer>();
        services.AddHostedService(sp => sp.GetRequiredService<NatsPublishBuffer>());
        services.AddSingleton<IEventFabricStatus, NatsEventFabricStatus>();

        services.AddHostedService<NatsAppStateSubscriber>();
        if (!string.IsNullOrWhiteSpace(nats.UserStateSubject))
        {
            services.AddHostedService<NatsUserStateSubscriber>();
        }

        if (runtime.Kind == RuntimeProvider.Olares)
        {
            services.AddHttpClient(AppServiceReconciler.Client, (sp, http) =>
            {
                http.BaseAddress = new Uri(sp.GetRequiredService<IOptions<RuntimeOptions>>().Value.Olares.AppServiceUrl!.TrimEnd('/') + "/");
                http.Timeout = TimeSpan.FromSeconds(30);
            });
            services.AddHostedService<AppServiceReconciler>();
        }

        // The client's own logs stay at warnings: nothing about the connection options (the password) is written.
        services.AddLogging(logging => logging.AddFilter("NATS", LogLevel.Warning));
        services.AddHealthChecks().AddCheck<NatsHealthCheck>("nats", tags: ["ready"], timeout: TimeSpan.FromSeconds(5));
        return services;
    }
}
