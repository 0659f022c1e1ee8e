namespace Market.Api.Infrastructure.Health;

/// <summary>
/// <c>GET</c> and <c>HEAD /healthz/live</c>, answered first and from constant bytes. Liveness says only that the process
/// serves HTTP, so it needs neither routing nor a check: it answers as soon as Kestrel listens, where the mapped endpoint
/// waited for routing to discover every controller action on its first request (~150 ms on a 2-core box, ADR 0025), and
/// a probe every few seconds stays off the pipeline. The bytes and headers are those the health-check endpoint writes
/// for its empty report; other methods and paths go on to that endpoint, which answers 405 and 404 as before.
/// </summary>
public sealed class LivenessMiddleware(RequestDelegate next)
{
    public const string Path = "/healthz/live";

    private static readonly byte[] Healthy = """{"success":true,"message":"Healthy","data":{"status":"Healthy","checks":{}}}"""u8.ToArray();

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!string.Equals(request.Path.Value, Path, StringComparison.Ordinal)
            || !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)))
        {
            return next(context);
        }

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        response.ContentLength = Healthy.Length;
        var headers = response.Headers;
        headers.CacheControl = "no-store, no-cache"; // as the health-check middleware sends: a probe must never see a cached answer
        headers.Pragma = "no-cache";
        headers.Expires = "Thu, 01 Jan 1970 00:00:00 GMT";
        return HttpMethods.IsHead(request.Method) ? Task.CompletedTask : response.Body.WriteAsync(Healthy, context.RequestAborted).AsTask();
    }
}
