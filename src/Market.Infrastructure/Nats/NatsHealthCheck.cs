using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Market.Infrastructure.Nats;

/// <summary>
/// The NATS connection as part of readiness (registered only when NATS is configured). Away, it is
/// <c>Degraded</c>, not unhealthy: every replica shares one NATS, and requests keep working without it
/// (publishes are buffered, states are reconciled on reconnect), so it must not take the whole
/// deployment out of the load balancer.
/// </summary>
internal sealed class NatsHealthCheck(NatsConnectionHolder holder) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(holder.IsConnected ? HealthCheckResult.Healthy() : HealthCheckResult.Degraded("nats is not connected"));
}
