using Market.Application.Common.Options;
using Microsoft.Extensions.Options;

namespace Market.Api.Infrastructure.Identity;

/// <summary>
/// <c>Market:Auth:LocalUser</c> (see <see cref="LocalUserOptions"/>): a request without <c>X-Bfl-User</c>
/// is given the header of the local user before anything reads the identity, so every route, the
/// realtime endpoints and the rate limiter see one caller. Refused on a network address unless allowed.
/// </summary>
public static partial class LocalUserAccess
{
    public const string NetworkRefusal =
        "Market:Auth:LocalUser makes every request without X-Bfl-User that user, but Market listens on a network address; "
        + "listen on loopback only (e.g. ASPNETCORE_URLS=http://localhost:8080) or set Market:Auth:AllowLocalUserOnNetwork=true";

    /// <summary>The default listening address: loopback when a local user is set (a laptop run), else every interface.</summary>
    public static string DefaultUrls(IConfiguration configuration) =>
        string.IsNullOrEmpty(configuration[$"{LocalUserOptions.Section}:LocalUser"]) ? "http://0.0.0.0:8080" : "http://localhost:8080";

    public static IServiceCollection AddLocalUser(this IServiceCollection services)
    {
        services.AddOptions<LocalUserOptions>().BindConfiguration(LocalUserOptions.Section).ValidateDataAnnotations()
            .Validate<IConfiguration>((o, configuration) => !o.IsEnabled || o.AllowLocalUserOnNetwork || ListensOnLoopbackOnly(configuration), NetworkRefusal)
            .ValidateOnStart();
        services.AddHostedService<LocalUserWarning>();
        return services;
    }

    /// <summary>Gives a request without the gateway's header the local user's (when one is configured).</summary>
    public static IApplicationBuilder UseLocalUser(this IApplicationBuilder app)
    {
        // The accessor is taken now, its Value read per request: the options are validated when the host starts, not while
        // the pipeline is built; and no request opens a service scope just for this.
        var accessor = app.ApplicationServices.GetRequiredService<IOptions<LocalUserOptions>>();
        return app.Use((context, next) =>
        {
            var options = accessor.Value;
            if (options.IsEnabled && !context.Request.Headers.ContainsKey(HttpCurrentUser.HeaderName))
            {
                context.Request.Headers[HttpCurrentUser.HeaderName] = options.LocalUser;
            }

            return next(context);
        });
    }

    /// <summary>True when every configured listening address (urls, Kestrel endpoints, http(s)_ports) is a loopback one.</summary>
    public static bool ListensOnLoopbackOnly(IConfiguration configuration)
    {
        if (!string.IsNullOrEmpty(configuration["http_ports"]) || !string.IsNullOrEmpty(configuration["https_ports"]))
        {
            return false; // ports alone bind every interface
        }

        var urls = (configuration["urls"] ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Concat(configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>())
            .ToList();
        return urls.Count > 0 && urls.All(IsLoopbackUrl);
    }

    private static bool IsLoopbackUrl(string url)
    {
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        var rest = scheme < 0 ? url : url[(scheme + 3)..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var authority = slash < 0 ? rest : rest[..slash];
        var host = authority.StartsWith('[') ? authority[..(authority.IndexOf(']', StringComparison.Ordinal) + 1)] : authority.Split(':')[0];
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return System.Net.IPAddress.TryParse(host.Trim('[', ']'), out var address) && System.Net.IPAddress.IsLoopback(address);
    }

    /// <summary>Says at start, every time, that requests without the gateway's header act as the local user.</summary>
    private sealed partial class LocalUserWarning(IOptions<LocalUserOptions> options, ILogger<LocalUserWarning> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (options.Value.IsEnabled)
            {
                LogLocalUser(logger, options.Value.LocalUser!);
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(Level = LogLevel.Warning, Message = "Market:Auth:LocalUser is set: every request without X-Bfl-User acts as user '{User}'. For a laptop run only, never behind a gateway")]
        private static partial void LogLocalUser(ILogger logger, string user);
    }
}
