using System.Net;
using System.Net.Sockets;
using Market.Application.Common.Options;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Options;

namespace Market.Api.Infrastructure.Startup;

/// <summary>
/// What is checked before the host starts, so a start that cannot succeed fails in one line and before the
/// hosted services migrate the database, import the demo charts or sync a source: every setting binds and
/// validates, and every listening address is free. Only for a real server (the API tests' in-memory server has no port).
/// </summary>
public static class StartupChecks
{
    /// <summary>Asks for the full exception instead of the one line (<c>Market__Logging__StartupStackTrace=true</c>).</summary>
    public const string StackTraceKey = "Market:Logging:StartupStackTrace";

    /// <summary>The problem that stops this start, in one line, or null when the host may start.</summary>
    public static string? FindProblem(WebApplication app)
    {
        if (!IsKestrel(app.Services.GetRequiredService<IServer>()))
        {
            return null;
        }

        return InvalidSetting(app.Services) ?? BusyAddress(app.Configuration);
    }

    /// <summary>Whether the operator asked for stack traces (read before the start: a failed host disposes its configuration).</summary>
    public static bool WantsStackTrace(IConfiguration configuration) =>
        string.Equals(configuration[StackTraceKey], "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The one line for a failed start, or null when the caller asked for the stack trace.</summary>
    public static string? Describe(Exception exception, bool wantsStackTrace)
    {
        if (ConfigurationErrors.Describe(exception) is { } problem)
        {
            return problem;
        }

        if (wantsStackTrace)
        {
            return null;
        }

        var root = exception is AggregateException { InnerExceptions.Count: 1 } single ? single.InnerExceptions[0] : exception;
        return $"{root.Message} ({root.GetType().Name}; set {StackTraceKey.Replace(":", "__", StringComparison.Ordinal)}=true for the stack trace)";
    }

    private static bool IsKestrel(IServer server) => server.GetType().Assembly == typeof(Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions).Assembly;

    /// <summary>Binds and validates every Market options class now, not when a worker first reads it.</summary>
    private static string? InvalidSetting(IServiceProvider services)
    {
        var optionTypes = typeof(StorageOptions).Assembly.GetExportedTypes()
            .Where(t => t.Namespace == typeof(StorageOptions).Namespace && t.IsClass && !t.IsAbstract && t.GetConstructor(Type.EmptyTypes) is not null);
        var problems = new List<string>();
        foreach (var type in optionTypes)
        {
            try
            {
                var options = services.GetRequiredService(typeof(IOptions<>).MakeGenericType(type));
                _ = options.GetType().GetProperty(nameof(IOptions<object>.Value))!.GetValue(options);
            }
            catch (System.Reflection.TargetInvocationException ex) when (ex.InnerException is { } inner && ConfigurationErrors.Describe(inner) is { } problem)
            {
                problems.Add(problem["invalid configuration: ".Length..]);
            }
        }

        return problems.Count == 0 ? null : "invalid configuration: " + string.Join("; ", problems.Distinct());
    }

    /// <summary>The first configured address another process already listens on, worded for the operator.</summary>
    private static string? BusyAddress(IConfiguration configuration)
    {
        var urls = (configuration["urls"] ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Concat(configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>());
        foreach (var url in urls)
        {
            if (Endpoint(url) is not { Port: > 0 } endpoint || IsFree(endpoint))
            {
                continue;
            }

            return $"{url} is already in use (another Market or another program listens on port {endpoint.Port}); "
                + $"stop it or choose another address, e.g. ASPNETCORE_URLS=http://localhost:{endpoint.Port + 1}";
        }

        return null;
    }

    private static IPEndPoint? Endpoint(string url)
    {
        // Kestrel's wildcards (http://*:8080, http://+:8080) are not valid URIs: read them as "every interface".
        var normalized = url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
        if (!Uri.TryCreate(normalized, UriKind.Absolute, out var uri))
        {
            return null;
        }

        var address = uri.IsLoopback && !IPAddress.TryParse(uri.Host.Trim('[', ']'), out _)
            ? IPAddress.Loopback
            : IPAddress.TryParse(uri.Host.Trim('[', ']'), out var parsed) ? parsed : IPAddress.Any;
        return new IPEndPoint(address, uri.Port);
    }

    private static bool IsFree(IPEndPoint endpoint)
    {
        try
        {
            using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(endpoint);
            socket.Listen();
            return true;
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return false;
        }
        catch (SocketException)
        {
            return true; // not ours to judge (e.g. an address this host lacks): Kestrel reports it itself
        }
    }
}
