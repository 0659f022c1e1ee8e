using Market.Api.Infrastructure.Envelope;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace Market.Api.Infrastructure.Http;

/// <summary>
/// Bounds every request body: 1 MiB for JSON, an endpoint's own <c>[RequestSizeLimit]</c> for uploads.
/// A declared length over the limit is answered 413 before anything is read; a chunked body that
/// grows past it is cut by the server (and mapped to 413 by the exception handler).
/// </summary>
public sealed class RequestBodyLimitMiddleware(RequestDelegate next)
{
    public const long DefaultLimit = 1024 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? DefaultLimit;
        if (context.Request.ContentLength > limit)
        {
            await EnvelopeWriter.WriteAsync(context, StatusCodes.Status413PayloadTooLarge,
                ApiEnvelope.Fail($"Request body too large (limit {limit} bytes)"));
            return;
        }

        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false })
        {
            feature.MaxRequestBodySize = limit;
        }

        await next(context);
    }
}
