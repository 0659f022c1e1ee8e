using System.Globalization;
using System.Threading.RateLimiting;
using Market.Api.Infrastructure.Envelope;
using Market.Api.Infrastructure.Identity;
using Market.Application.Common.Options;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Market.Api.Infrastructure.Http;

/// <summary>
/// Per-user limit on write requests (POST, PUT, PATCH, DELETE), <c>Market:RateLimit:WritesPerMinute</c>
/// in a fixed one-minute window. Reads, anonymous requests (answered 401 anyway) and the health
/// endpoints are not limited. Over the limit: 429 envelope with <c>Retry-After</c>.
/// </summary>
public static class WriteRateLimiting
{
    public const string RejectedMessage = "Too many requests, please try again later";

    public static IServiceCollection AddWriteRateLimiting(this IServiceCollection services) =>
        services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(Partition);
            options.OnRejected = OnRejectedAsync;
        });

    private static RateLimitPartition<string> Partition(HttpContext context)
    {
        var method = context.Request.Method;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method))
        {
            return RateLimitPartition.GetNoLimiter(string.Empty);
        }

        var user = HttpCurrentUser.TryGetName(context);
        var perMinute = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value.WritesPerMinute;
        if (user is null || perMinute <= 0)
        {
            return RateLimitPartition.GetNoLimiter(string.Empty);
        }

        return RateLimitPartition.GetFixedWindowLimiter(user, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = perMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    private static async ValueTask OnRejectedAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
        {
            context.HttpContext.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        }

        await EnvelopeWriter.WriteAsync(context.HttpContext, StatusCodes.Status429TooManyRequests, ApiEnvelope.Fail(RejectedMessage));
    }
}
