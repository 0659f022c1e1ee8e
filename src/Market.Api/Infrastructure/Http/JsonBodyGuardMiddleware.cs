using Market.Api.Infrastructure.Envelope;
using Microsoft.Net.Http.Headers;

namespace Market.Api.Infrastructure.Http;

/// <summary>
/// Reads a JSON request body once, before model binding, and refuses what the binders would choke on
/// with a 400 that names the problem: a charset other than UTF-8, bytes that are not UTF-8, duplicate
/// keys in one object, nesting deeper than <see cref="MaxDepth"/>, a chunked body the server cannot
/// decode. A content type that is not a media type at all, or a wildcard, is a 415. Plain syntax errors
/// pass on, so each route still answers them with its own message (ADR 0003). Multipart (uploads) and
/// bodiless requests pass untouched.
/// </summary>
public sealed class JsonBodyGuardMiddleware(RequestDelegate next)
{
    public const int MaxDepth = 64;

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HasBody(request))
        {
            await next(context);
            return;
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || contentType.MatchesAllTypes || contentType.MatchesAllSubTypes)
        {
            await RefuseAsync(context, StatusCodes.Status415UnsupportedMediaType, $"Unsupported content type '{request.ContentType}': send application/json");
            return;
        }

        if (!IsJson(contentType))
        {
            await next(context); // multipart uploads; other types get MVC's 415 (an envelope, via the status pages)
            return;
        }

        var charset = contentType.Charset.Value?.Trim('"');
        if (!string.IsNullOrEmpty(charset) && !IsUtf8(charset))
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, $"Unsupported charset '{charset}': request bodies must be UTF-8");
            return;
        }

        byte[] body;
        try
        {
            body = await ReadAllAsync(request.Body, context.RequestAborted);
        }
        catch (Exception ex) when (MalformedBody.Describe(ex) is { } malformed)
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, malformed);
            return;
        }

        if (JsonBodyProblems.Find(body, MaxDepth) is { } problem)
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, problem);
            return;
        }

        request.Body = new MemoryStream(body, writable: false);
        request.ContentType = "application/json; charset=utf-8"; // checked above; every binder reads this spelling
        await next(context);
    }

    private static bool HasBody(HttpRequest request) =>
        request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);

    private static bool IsJson(MediaTypeHeaderValue contentType)
    {
        var media = contentType.MediaType;
        return media.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || media.Equals("text/json", StringComparison.OrdinalIgnoreCase)
            || contentType.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsUtf8(string charset) =>
        charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase);

    /// <summary>The body is already bounded (1 MiB, or the route's limit) by <see cref="RequestBodyLimitMiddleware"/>.</summary>
    private static async Task<byte[]> ReadAllAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    private static Task RefuseAsync(HttpContext context, int status, string message) =>
        EnvelopeWriter.WriteAsync(context, status, ApiEnvelope.Fail(message));
}
