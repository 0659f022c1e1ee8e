using Market.Application.Common.Interfaces;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Market.Infrastructure.HotState;

/// <summary>Readiness of the Redis hot state (registered only when Redis is configured). Never reports exception text.</summary>
internal sealed class RedisHealthCheck(IHotStateStore hotState) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await hotState.PingAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("redis does not answer");
}
