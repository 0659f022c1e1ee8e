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
    /// the LarePass channel, the ingest subscriptions, the reconcile (Olares runtime) and the readiness check.
    /// Call after the replica bus is registered: it is decorated here.
    /// </summary>
    public static IServiceCollection AddNats(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<NatsOptions>().Bind(configuration.GetSection(NatsOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IAppStateFeed, HotStateAppStateFeed>();
        var nats = configuration.GetSection(NatsOptions.Section).Get<NatsOptions>() ?? new NatsOptions();
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
        services.AddSingleton<ILarePassChannel, NatsLarePassChannel>();

        // Publish to NATS where the event is produced; the replica bus underneath stays as it is.
        var bus = services.Last(d => d.ServiceType == typeof(IMarketEventBus));
        services.Remove(bus);
        services.AddSingleton<IMarketEventBus>(sp => new NatsMarketEventBus(
            (IMarketEventBus)bus.ImplementationFactory!(sp), sp.GetRequiredService<NatsPublishBuffer>(), sp.GetRequiredService<IOptions<NatsOptions>>(),
            sp.GetRequiredService<TimeProvider>()));

        services.AddHostedService<NatsAppStateSubscriber>();
        if (!string.IsNullOrWhiteSpace(nats.UserStateSubject))
        {
            services.AddHostedService<NatsUserStateSubscriber>();
        }

        var runtime = configuration.GetSection(RuntimeOptions.Section).Get<RuntimeOptions>() ?? new RuntimeOptions();
        if (runtime.Provider == "Olares")
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
