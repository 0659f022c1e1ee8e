using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Market.Infrastructure.Nats;
using Market.Infrastructure.Payments.Olares;
using Market.Infrastructure.Payments.TestMode;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Market.Infrastructure.Payments;

internal static class PaymentsServiceCollectionExtensions
{
    /// <summary>
    /// Paid apps: the VC poller, the key store, and the parties chosen by
    /// <c>Market:Payments:Provider</c>, LarePass included: in Olares mode the NATS channel (<c>Market:Nats:Url</c> is
    /// required, checked at start), in test mode the simulated wallet.
    /// </summary>
    public static IServiceCollection AddPayments(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PaymentsOptions>().Bind(configuration.GetSection(PaymentsOptions.Section)).ValidateDataAnnotations()
            .Validate<IOptions<NatsOptions>>((o, nats) => !o.IsOlares || nats.Value.Enabled,
                "Market:Nats:Url is required when Market:Payments:Provider is 'Olares'")
            .Validate(o => !o.IsOlares || Uri.TryCreate(o.Olares.SystemRemoteServiceUrl, UriKind.Absolute, out _),
                "Market:Payments:Olares:SystemRemoteServiceUrl must be an absolute URL when Market:Payments:Provider is 'Olares'")
            .ValidateOnStart();

        services.AddSingleton<IPaymentKeys, DatabasePaymentKeys>();
        services.AddHostedService<PurchasePollingService>();

        var payments = configuration.GetSection(PaymentsOptions.Section).Get<PaymentsOptions>() ?? new PaymentsOptions();
        if (payments.IsOlares)
        {
            // Singletons (their caches live as long as the process) over one named client.
            services.AddHttpClient(OlaresJson.ClientName, http => http.Timeout = Timeout.InfiniteTimeSpan);
            // Status polls and VC polling would log every request line; failures are logged by the use cases.
            services.AddLogging(logging => logging.AddFilter("System.Net.Http.HttpClient." + OlaresJson.ClientName, LogLevel.Warning));
            services.AddSingleton<IDidGate, HttpDidGate>();
            services.AddSingleton<IDeveloperDirectory, HttpDeveloperDirectory>();
            services.AddSingleton<IDeveloperCheckout, HttpDeveloperCheckout>();
            services.AddSingleton<ILarePassChannel, NatsLarePassChannel>(); // NATS is required in this mode (validated above)
        }
        else
        {
            services.AddSingleton<TestModeTokens>();
            services.AddSingleton<IDidGate, TestModeDidGate>();
            services.AddSingleton<IDeveloperDirectory, TestModeDeveloperDirectory>();
            services.AddSingleton<IDeveloperCheckout, TestModeDeveloperCheckout>();
            // Test mode signs with the simulated wallet, even when NATS is configured.
            services.AddSingleton<ILarePassChannel, SimulatedLarePassWallet>();
        }

        return services;
    }
}
