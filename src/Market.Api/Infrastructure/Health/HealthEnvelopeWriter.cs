using Market.Api.Infrastructure.Envelope;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Market.Api.Infrastructure.Health;

/// <summary>
/// Health answers in the envelope too: <c>data.status</c> and one status per check, never exception text.
/// <c>Degraded</c> (a part the service works without, such as NATS) still answers 200: the replica serves.
/// </summary>
public static class HealthEnvelopeWriter
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var healthy = report.Status != HealthStatus.Unhealthy;
        var data = new Dictionary<string, object>
        {
            ["status"] = report.Status.ToString(),
            ["checks"] = report.Entries.ToDictionary(e => e.Key, e => e.Value.Status.ToString()),
        };
        var envelope = healthy ? ApiEnvelope.Ok(report.Status.ToString(), data) : ApiEnvelope.Fail(report.Status.ToString(), data);
        return EnvelopeWriter.WriteAsync(context, healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable, envelope);
    }
}
