using Market.Application.Common.Interfaces;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Market.Api.Infrastructure.Health;

/// <summary>Ready only when the hot-state store (Redis, when configured) answers.</summary>
public sealed class HotStateHealthCheck(IHotStateStore hotState) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await hotState.PingAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("hot-state store does not answer");
}
