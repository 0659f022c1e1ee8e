using Microsoft.Net.Http.Headers;

namespace Market.Api.Infrastructure.Http;

/// <summary>
/// The original never checks a request's <c>Content-Type</c>: a JSON body sent without one, as
/// <c>text/plain</c> or as curl's default form type is read as JSON. Multipart (uploads) and real JSON
/// types pass untouched, so MVC's JSON formatter sees what the client meant instead of answering 415.
/// </summary>
public sealed class JsonContentTypeMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (HasBody(request) && IsUntyped(request.ContentType))
        {
            request.ContentType = "application/json";
        }

        return next(context);
    }

    private static bool HasBody(HttpRequest request) =>
        request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);

    private static bool IsUntyped(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return true;
        }

        return MediaTypeHeaderValue.TryParse(contentType, out var parsed)
            && (parsed.MediaType.Equals("text/plain", StringComparison.OrdinalIgnoreCase)
                || parsed.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase));
    }
}
