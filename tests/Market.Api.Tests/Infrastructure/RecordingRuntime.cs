using System.Collections.Concurrent;
using Market.Application.Common.Interfaces;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Api.Tests.Infrastructure;

/// <summary>The host's runtime (simulated) as it is, with every operation submitted to it kept for assertions.</summary>
public sealed class RecordingRuntime(IAppRuntime inner) : IAppRuntime
{
    public ConcurrentQueue<RuntimeOperation> Submitted { get; } = new();

    public TimeSpan PollInterval => inner.PollInterval;

    /// <summary>Wraps the runtime the host registered; the recorder is the host's <see cref="IAppRuntime"/> singleton.</summary>
    public static void Install(IWebHostBuilder builder) => builder.ConfigureTestServices(services =>
    {
        var registered = services.Last(d => d.ServiceType == typeof(IAppRuntime));
        var type = registered.ImplementationType ?? throw new InvalidOperationException("the runtime is not registered by type");
        services.AddSingleton(type);
        services.AddSingleton<IAppRuntime>(sp => new RecordingRuntime((IAppRuntime)sp.GetRequiredService(type)));
    });

    public Task<RuntimeSubmission> SubmitAsync(RuntimeOperation operation, CancellationToken cancellationToken)
    {
        Submitted.Enqueue(operation);
        return inner.SubmitAsync(operation, cancellationToken);
    }

    public Task<string?> FindSubmittedAsync(RuntimeOperation operation, CancellationToken cancellationToken) => inner.FindSubmittedAsync(operation, cancellationToken);

    public Task<RuntimeOperationStatus> GetStatusAsync(RuntimeOperation operation, string operationId, CancellationToken cancellationToken) =>
        inner.GetStatusAsync(operation, operationId, cancellationToken);

    public Task<AppHealth> GetHealthAsync(RuntimeOperation operation, CancellationToken cancellationToken) => inner.GetHealthAsync(operation, cancellationToken);

    public Task<RuntimeCallResult> OpenAsync(string user, string appId, CancellationToken cancellationToken) => inner.OpenAsync(user, appId, cancellationToken);
}
