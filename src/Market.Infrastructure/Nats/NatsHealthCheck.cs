using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Market.Infrastructure.Nats;

/// <summary>Readiness of the NATS connection (registered only when NATS is configured).</summary>
internal sealed class NatsHealthCheck(NatsConnectionHolder holder) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(holder.IsConnected ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("nats is not connected"));
}
