using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Market.Infrastructure.Catalog;
using Market.Infrastructure.Diagnostics;
using Market.Infrastructure.Events;
using Market.Infrastructure.History;
using Market.Infrastructure.HotState;
using Market.Infrastructure.Identity;
using Market.Infrastructure.Nats;
using Market.Infrastructure.Network;
using Market.Infrastructure.Packages;
using Market.Infrastructure.Payments;
using Market.Infrastructure.Persistence;
using Market.Infrastructure.Resilience;
using Market.Infrastructure.Runtime.Olares;
using Market.Infrastructure.Runtime.Simulated;
using Market.Infrastructure.SystemStatus;
using Market.Infrastructure.Tasks;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using StackExchange.Redis;

namespace Market.Infrastructure;

public static class DependencyInjection
{
    private const string MigrationsHistoryTable = "__ef_migrations_history";

    private const string DataProtectionApplicationName = "olares-market";

    /// <summary>Registers storage, hot state, the event bus and every adapter, chosen by configuration.</summary>
    public static IServiceCollection AddInfrastructureServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMarketOptions(configuration);
        services.AddFoundationJobs();
        services.AddSingleton(TimeProvider.System);

        // The provider choices, read once here for the registrations below (the options themselves are bound and validated in AddMarketOptions).
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        var runtime = configuration.GetSection(RuntimeOptions.Section).Get<RuntimeOptions>() ?? new RuntimeOptions();
        var nats = configuration.GetSection(NatsOptions.Section).Get<NatsOptions>() ?? new NatsOptions();
        if (storage.IsPostgres)
        {
            var connectionString = configuration.GetConnectionString("Postgres");
            services.AddDbContext<MarketDbContext, PostgresMarketDbContext>(o =>
                o.UseNpgsql(connectionString, n => n
                    .MigrationsHistoryTable(MigrationsHistoryTable)
                    .ExecutionStrategy(d => new OutageRetryingExecutionStrategy(d))));
        }
        else
        {
            services.AddDbContext<MarketDbContext, SqliteMarketDbContext>(o =>
                o.UseSqlite($"Data Source={storage.SqlitePath};Cache=Shared;Pooling=True", s => s.MigrationsHistoryTable(MigrationsHistoryTable)));
        }

        services.AddScoped<IMarketDbContext>(sp => sp.GetRequiredService<MarketDbContext>());
        services.AddScoped<ICatalogRowWriter, CatalogRowWriter>();
        services.AddSingleton<DatabaseStartup>();
        services.AddSingleton<IDatabaseStartup>(sp => sp.GetRequiredService<DatabaseStartup>());
        services.AddHostedService<DatabaseInitializer>(); // after the server listens (ADR 0023)

        var hotState = configuration.GetSection(HotStateOptions.Section).Get<HotStateOptions>() ?? new HotStateOptions();
        if (hotState.IsRedis)
        {
            services.AddSingleton<IConnectionMultiplexer>(sp =>
            {
                // Reading the validated options first turns a missing connection string into the setting's own message.
                _ = sp.GetRequiredService<IOptions<HotStateOptions>>().Value;
                var redisOptions = ConfigurationOptions.Parse(configuration.GetConnectionString("Redis")!);
                redisOptions.AbortOnConnectFail = false; // start even when Redis is away; readiness reports it
                redisOptions.BacklogPolicy = BacklogPolicy.FailFast; // no 5 s queueing per command while disconnected: callers fall back at once
                redisOptions.ReconnectRetryPolicy = new ExponentialRetry(500, 5000); // back within seconds of Redis returning, not a minute
                return ConnectionMultiplexer.Connect(redisOptions);
            });
            services.AddSingleton<IHotStateStore, RedisHotStateStore>();
            services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", tags: ["ready"], timeout: TimeSpan.FromSeconds(5));
        }
        else
        {
            services.AddSingleton<IHotStateStore, InMemoryHotStateStore>();
        }

        services.AddSingleton<HotStateEventBus>();
        services.AddHostedService(sp => sp.GetRequiredService<HotStateEventBus>());
        if (nats.Enabled)
        {
            // A decorator: every event is also published to NATS where it is produced; the replica bus underneath stays as it is.
            services.AddSingleton<IMarketEventBus>(sp => new NatsMarketEventBus(
                sp.GetRequiredService<HotStateEventBus>(), sp.GetRequiredService<NatsPublishBuffer>(), sp.GetRequiredService<IOptions<NatsOptions>>(),
                sp.GetRequiredService<TimeProvider>()));
        }
        else
        {
            services.AddSingleton<IMarketEventBus>(sp => sp.GetRequiredService<HotStateEventBus>());
        }

        services.AddNats(configuration, nats, runtime);

        services.AddSingleton<IHistoryService, HistoryService>();
        services.AddSingleton<IUserDirectory, ConfiguredUserDirectory>();
        services.AddSingleton<IHostAddressResolver, DnsHostAddressResolver>();
        services.AddSingleton<IRemoteUrlGuard, RemoteUrlGuard>();
        services.AddSingleton<IOutageClassifier, OutageClassifier>();
        services.AddPackages();
        services.AddAppLifecycle(storage, runtime);
        services.AddCatalog(configuration, runtime);
        services.AddNotifications();
        services.AddRuntimeDiagnostics();
        services.AddPayments(configuration);
        return services;
    }

    /// <summary>The readiness check of the relational store (a round trip that clears a dead pool; see <see cref="DatabaseHealthCheck"/>).</summary>
    public static IServiceCollection AddMarketDatabaseHealthCheck(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"], timeout: TimeSpan.FromSeconds(5));
        return services;
    }

    /// <summary>Chart packages: the store, archive and YAML reading, and the demo catalog import (after the database is ready).</summary>
    private static void AddPackages(this IServiceCollection services)
    {
        services.AddSingleton<IPackageStore, FileSystemPackageStore>();
        services.AddSingleton<IChartArchiveReader, TarGzChartArchiveReader>();
        services.AddSingleton<IYamlDocumentReader, YamlDocumentReader>();
        services.AddSingleton<DemoChartsImporter>(); // run by DatabaseInitializer, before the database is called ready
        services.AddSingleton<Application.Common.Interfaces.IPreinstallFolder, Preinstall.FileSystemPreinstallFolder>();
        services.AddHostedService<Preinstall.PreinstallService>();
    }

    /// <summary>
    /// App operations: the runtime chosen by Market:Runtime:Provider, the task engine (claimer per
    /// storage provider, workers, sync waits, secret vault) and the use-case services.
    /// </summary>
    private static void AddAppLifecycle(this IServiceCollection services, StorageOptions storage, RuntimeOptions runtime)
    {
        if (runtime.Kind == RuntimeProvider.Olares)
        {
            services.AddHttpClient<IAppRuntime, OlaresAppRuntime>((sp, http) =>
            {
                var url = sp.GetRequiredService<IOptions<RuntimeOptions>>().Value.Olares.AppServiceUrl!;
                http.BaseAddress = new Uri(url.TrimEnd('/') + "/");
                http.Timeout = TimeSpan.FromMinutes(2);
            });
            services.AddHttpClient(OlaresAppRuntime.SystemServerClient, http => http.Timeout = TimeSpan.FromSeconds(10));
            services.AddSingleton<OlaresStateWatch>();
        }
        else
        {
            services.AddSingleton<SimulatedEnvMemory>();
            services.AddSingleton<IAppRuntime, SimulatedAppRuntime>();
        }

        services.AddSingleton<TaskQueue>();
        services.AddSingleton<IScopedSender, ScopedSender>();
        services.AddSingleton<ITaskQueue>(sp => sp.GetRequiredService<TaskQueue>());
        services.AddSecretSealing();
        if (storage.IsPostgres)
        {
            services.AddSingleton<ITaskClaimer, PostgresTaskClaimer>();
        }
        else
        {
            services.AddSingleton<ITaskClaimer, SqliteTaskClaimer>();
        }

        services.AddHostedService<TaskWorkerService>();
        services.AddHostedService<TaskQueueDepthSampler>();
    }

    /// <summary>
    /// Secret env values are sealed with Data Protection; its key ring lives in the database so that every
    /// replica opens what another sealed (one application name for all of them: the default would be the
    /// content root, different per host).
    /// </summary>
    private static void AddSecretSealing(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName(DataProtectionApplicationName).PersistKeysToDbContext<MarketDbContext>();
        services.AddSingleton<ISecretProtector, DataProtectionSecretProtector>();

        // Data Protection's own hosted service loads (or creates) the key ring before the server listens, that is before
        // the database is migrated (ADR 0023): it would fail on a fresh database and costs ~0.5 s on every start.
        // DatabaseInitializer loads it right after the migrations instead, before the database is called ready.
        foreach (var keyRingLoader in services.Where(d => d.ServiceType == typeof(Microsoft.Extensions.Hosting.IHostedService)
                     && d.ImplementationType?.FullName == "Microsoft.AspNetCore.DataProtection.Internal.DataProtectionHostedService").ToList())
        {
            services.Remove(keyRingLoader);
        }
    }

    /// <summary>Remote source sync, the cached catalog read side and the system status adapter.</summary>
    private static void AddCatalog(this IServiceCollection services, IConfiguration configuration, RuntimeOptions runtime)
    {
        services.AddHttpClient<IRemoteMarketClient, RemoteMarketClient>(client =>
            {
                client.Timeout = Timeout.InfiniteTimeSpan; // the resilience pipeline times each attempt
                client.MaxResponseContentBufferSize = 64L * 1024 * 1024;
                client.DefaultRequestHeaders.UserAgent.ParseAdd("olares-market/2");
            })
            .ConfigurePrimaryHttpMessageHandler(sp => GuardedConnect.CreateHandler(sp.GetRequiredService<IOptionsMonitor<SourcesOptions>>()))
            .AddResilienceHandler("remote-market", (pipeline, context) =>
            {
                var sources = context.ServiceProvider.GetRequiredService<IOptions<SourcesOptions>>().Value;
                var attempt = TimeSpan.FromSeconds(sources.RequestTimeoutSeconds);
                if (sources.RetryCount > 0)
                {
                    pipeline.AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = sources.RetryCount,
                        Delay = TimeSpan.FromMilliseconds(sources.RetryDelayMs),
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                    });
                }

                pipeline.AddTimeout(attempt);
            });

        // Each sync makes hundreds of requests: per-request and per-retry logs would drown everything else.
        // The sync command logs one line per cycle with the reason of a failure.
        services.AddLogging(logging => logging
            .AddFilter("System.Net.Http.HttpClient.IRemoteMarketClient", LogLevel.Warning)
            .AddFilter("Polly", LogLevel.Critical));

        // The task's log lines for its diagnostic bundle, by trace id (Market has no log store of its own).
        services.AddSingleton<Diagnostics.TraceLogRing>();
        services.AddSingleton<ILoggerProvider>(sp => sp.GetRequiredService<Diagnostics.TraceLogRing>());
        services.AddSingleton<ITaskLogSource>(sp => sp.GetRequiredService<Diagnostics.TraceLogRing>());
        services.AddSingleton<IMarketConfigurationView, Diagnostics.MarketConfigurationView>();

        services.AddSingleton<CatalogRows>();
        services.AddSingleton<SharedCatalogStore>();
        services.AddSingleton<MarketViewCache>();
        services.AddSingleton<IMarketViewCache>(sp => sp.GetRequiredService<MarketViewCache>());
        services.AddHostedService<MarketViewInvalidation>();
        services.AddHostedService<SourceSyncService>();

        if (runtime.Kind == RuntimeProvider.Olares && Uri.TryCreate(runtime.Olares.AppServiceUrl, UriKind.Absolute, out var appService))
        {
            services.AddHttpClient<ISystemStatusProvider, OlaresSystemStatusProvider>(client =>
            {
                client.BaseAddress = appService;
                client.Timeout = TimeSpan.FromSeconds(10);
            });
        }
        else
        {
            services.AddSingleton<ISystemStatusProvider, HostSystemStatusProvider>();
        }
    }

    /// <summary>The admin runtime and diagnostic views: component probes and this process's self-description.</summary>
    private static void AddRuntimeDiagnostics(this IServiceCollection services)
    {
        services.AddScoped<IRuntimeComponentProbe, RuntimeComponentProbe>();
        services.AddSingleton<IRuntimeDiagnostics, RuntimeDiagnostics>();
    }

    /// <summary>Binds every options class and validates it when the host starts: a bad value stops the process with its message.</summary>
    private static void AddMarketOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section)).ValidateDataAnnotations()
            .Validate(o => !o.IsPostgres || !string.IsNullOrWhiteSpace(configuration.GetConnectionString("Postgres")),
                "ConnectionStrings:Postgres is required when Market:Storage:Provider is 'Postgres'")
            .ValidateOnStart();
        services.AddOptions<HotStateOptions>().Bind(configuration.GetSection(HotStateOptions.Section)).ValidateDataAnnotations()
            .Validate(o => !o.IsRedis || !string.IsNullOrWhiteSpace(configuration.GetConnectionString("Redis")),
                "ConnectionStrings:Redis is required when Market:HotState:Provider is 'Redis'")
            .ValidateOnStart();
        services.AddOptions<RuntimeOptions>().Bind(configuration.GetSection(RuntimeOptions.Section)).ValidateDataAnnotations()
            .Validate(o => o.Kind != RuntimeProvider.Olares || Uri.TryCreate(o.Olares.AppServiceUrl, UriKind.Absolute, out _),
                "Market:Runtime:Olares:AppServiceUrl must be an absolute URL when Market:Runtime:Provider is 'Olares'")
            .ValidateOnStart();
        services.AddOptions<SourcesOptions>().Bind(configuration.GetSection(SourcesOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PackagesOptions>().Bind(configuration.GetSection(PackagesOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.Section)).ValidateOnStart();
        services.AddOptions<DemoOptions>().Bind(configuration.GetSection(DemoOptions.Section)).ValidateOnStart();
        services.AddOptions<Application.Common.Options.PreinstallOptions>().Bind(configuration.GetSection(Application.Common.Options.PreinstallOptions.Section))
            .PostConfigure(o => o.Dir = string.IsNullOrWhiteSpace(o.Dir) ? configuration[Application.Common.Options.PreinstallOptions.EnvironmentVariable] : o.Dir)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SystemOptions>().Bind(configuration.GetSection(SystemOptions.Section))
            .PostConfigure(o =>
            {
                // The deployment's variable names the cluster's version (olares-current §1); it wins over the key.
                if (configuration[SystemOptions.OlaresVersionVariable] is { } clusterVersion && !string.IsNullOrWhiteSpace(clusterVersion))
                {
                    o.Version = clusterVersion.Trim();
                }
            })
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<TasksOptions>().Bind(configuration.GetSection(TasksOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<UpdatesOptions>().Bind(configuration.GetSection(UpdatesOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<UpgradesOptions>().Bind(configuration.GetSection(UpgradesOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<NotificationsOptions>().Bind(configuration.GetSection(NotificationsOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<HistoryOptions>().Bind(configuration.GetSection(HistoryOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RealtimeOptions>().Bind(configuration.GetSection(RealtimeOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
    }

    /// <summary>Webhook delivery: the signing sender (guarded dialling) and the outbox drainer.</summary>
    private static void AddNotifications(this IServiceCollection services)
    {
        services.AddHttpClient<IWebhookSender, Notifications.WebhookSender>((sp, http) =>
                http.Timeout = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<NotificationsOptions>>().Value.RequestTimeoutSeconds))
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var options = sp.GetRequiredService<IOptionsMonitor<NotificationsOptions>>();
                return Catalog.GuardedConnect.CreateHandler(() => options.CurrentValue.AllowPrivateNetworks);
            });
        services.AddHostedService<Notifications.NotificationDeliveryService>();
        services.AddHostedService<Notifications.NotificationScanService>();
    }

    /// <summary>The startup audit record and the daily history retention job.</summary>
    private static void AddFoundationJobs(this IServiceCollection services)
    {
        services.AddHostedService<StartupHistoryRecorder>();
        services.AddSingleton<HistoryRetentionJob>();
        services.AddHostedService(sp => sp.GetRequiredService<HistoryRetentionJob>());
    }
}
