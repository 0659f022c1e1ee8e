using System.Text.Json;
using Market.Api.Infrastructure.Envelope;
using Market.Api.Infrastructure.Identity;
using Market.Api.Requests;
using Market.Application.Catalog.Queries.GetAppsInfo;
using Market.Application.Catalog.Queries.GetMarketData;
using Market.Application.Catalog.Queries.GetMarketHash;
using Market.Application.Common.Catalog;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Market.Api.Infrastructure.Http;

/// <summary>
/// The three hot reads — <c>GET /market/hash</c>, <c>GET /market/data</c> (304 or the whole view) and
/// <c>POST /apps</c> — answered before routing and MVC (ADR 0017): the caller checked as
/// <see cref="HttpCurrentUser"/> checks it, the use case's handler called directly (none of the mediator's
/// behaviours does anything for these queries: no unit of work, a debug log line; the one validator is
/// applied here by sending anything it would refuse on), and the envelope written from the view cache's
/// bytes. Only the plain success is answered here; anything else (no or odd caller, a body the strict reader
/// does not take, a failure before the answer starts) goes on, untouched, to the controllers, which answer
/// it with the usual envelopes — so the wire is the same either way.
/// </summary>
public sealed class HotReadMiddleware
{
    public const string HashMessage = "Market hash retrieved successfully";
    public const string DataMessage = "Market data retrieved successfully";
    public const string AppsMessage = "Apps information retrieved successfully";

    private const string Prefix = "/app-store/api/v2";

    /// <summary>Larger bodies (the cap is 200 apps, ~16 KB) go the ordinary way.</summary>
    private const int MaxAppsBody = 64 * 1024;

    private readonly RequestDelegate _next;
    private readonly IServiceProvider _services;
    private readonly GetMarketHashQueryHandler _hash;
    private readonly GetMarketDataQueryHandler _data;
    private readonly GetAppsInfoQueryHandler _apps;
    private readonly JsonSerializerOptions _json;
    private readonly Endpoint?[] _endpoints = new Endpoint?[3];

    private enum HotRead
    {
        Hash,
        Data,
        Apps,
    }

    public HotReadMiddleware(RequestDelegate next, IServiceProvider services, IOptions<Microsoft.AspNetCore.Mvc.JsonOptions> json)
    {
        _next = next;
        _services = services;
        _hash = ActivatorUtilities.CreateInstance<GetMarketHashQueryHandler>(services);
        _data = ActivatorUtilities.CreateInstance<GetMarketDataQueryHandler>(services);
        _apps = ActivatorUtilities.CreateInstance<GetAppsInfoQueryHandler>(services);
        _json = json.Value.JsonSerializerOptions; // what MVC's input formatter binds [FromBody] with
    }

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value;
        if (path is null || path.Length <= Prefix.Length || !path.StartsWith(Prefix, StringComparison.Ordinal)
            || HttpCurrentUser.TryGetName(context) is not { } user)
        {
            return _next(context);
        }

        var route = path.AsSpan(Prefix.Length);
        if (HttpMethods.IsGet(request.Method) && !HasBody(request))
        {
            if (route.SequenceEqual("/market/hash"))
            {
                return AnswerAsync(context, HotRead.Hash, user);
            }

            if (route.SequenceEqual("/market/data"))
            {
                return AnswerAsync(context, HotRead.Data, user);
            }
        }
        else if (HttpMethods.IsPost(request.Method) && route.SequenceEqual("/apps") && IsSmallJson(request))
        {
            return AnswerAsync(context, HotRead.Apps, user);
        }

        return _next(context);
    }

    /// <summary>
    /// Answers with the controller's endpoint set, so request metrics and spans name the same route. When the
    /// fast answer declines, or fails before the response started, the controllers answer (the same failure
    /// then meets the usual envelope; a body already read is handed on).
    /// </summary>
    private async Task AnswerAsync(HttpContext context, HotRead read, string user)
    {
        context.SetEndpoint(_endpoints[(int)read] ??= FindEndpoint(read));
        byte[]? body = null;
        try
        {
            switch (read)
            {
                case HotRead.Hash:
                    var hash = await _hash.Handle(new GetMarketHashQuery(user), context.RequestAborted);
                    await RawEnvelopeWriter.WriteAsync(context, HashMessage, [RawEnvelopeWriter.HashData(hash.Hash)]);
                    return;
                case HotRead.Data:
                    var data = await _data.Handle(new GetMarketDataQuery(user, context.Request.Headers.IfNoneMatch.ToString()), context.RequestAborted);
                    await WriteDataAsync(context, data);
                    return;
                default:
                    body = await ReadBodyAsync(context);
                    if (Strict(body) is { } apps)
                    {
                        var found = await _apps.Handle(new GetAppsInfoQuery(user, apps), context.RequestAborted);
                        await RawEnvelopeWriter.WriteAsync(context, AppsMessage, [found.Utf8]);
                        return;
                    }

                    break;
            }
        }
        catch (Exception) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            context.Response.Clear(); // the controller meets the same failure and answers it with its envelope
        }

        if (body is not null)
        {
            context.Request.Body = new MemoryStream(body, writable: false);
        }

        context.SetEndpoint(null); // routing matches as usual
        await _next(context);
    }

    /// <summary>The hash is the entity tag; a client holding it gets 304 with no body (the controller answers the same way).</summary>
    public static Task WriteDataAsync(HttpContext context, MarketDataResult result)
    {
        var response = context.Response;
        response.Headers.ETag = MarketETag.Format(result.Hash);
        response.Headers.CacheControl = "no-cache";
        if (result.NotModified)
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        return RawEnvelopeWriter.WriteAsync(context, DataMessage, MarketDocumentBytes.Chunks(result.Document!));
    }

    /// <summary>
    /// The apps of a well-formed body the controller would bind and its validator accept, else null (the
    /// controller then answers the body with its own 400).
    /// </summary>
    private List<AppRef>? Strict(byte[] body)
    {
        if (JsonBodyProblems.Find(body, JsonBodyGuardMiddleware.MaxDepth) is not null)
        {
            return null;
        }

        AppsInfoRequest? request;
        try
        {
            request = JsonSerializer.Deserialize<AppsInfoRequest>(body, _json);
        }
        catch (JsonException)
        {
            return null;
        }

        if (request?.Apps is not { Count: > 0 and <= GetAppsInfoQueryValidator.MaxApps } apps)
        {
            return null;
        }

        var refs = new List<AppRef>(apps.Count);
        foreach (var app in apps)
        {
            refs.Add(new AppRef(app?.AppId, app?.SourceDataName));
        }

        return refs;
    }

    private static async Task<byte[]> ReadBodyAsync(HttpContext context)
    {
        var body = new byte[(int)context.Request.ContentLength!.Value];
        await context.Request.Body.ReadExactlyAsync(body, context.RequestAborted);
        return body;
    }

    private static bool HasBody(HttpRequest request) =>
        request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);

    private static bool IsSmallJson(HttpRequest request) =>
        request.ContentLength is > 0 and <= MaxAppsBody
        && MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
        && type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
        && (type.Charset.Value is null || type.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));

    /// <summary>The controller action's endpoint (looked up once, after the endpoints are mapped).</summary>
    private Endpoint? FindEndpoint(HotRead read)
    {
        var pattern = Prefix[1..] + read switch
        {
            HotRead.Hash => "/market/hash",
            HotRead.Data => "/market/data",
            _ => "/apps",
        };
        var method = read == HotRead.Apps ? HttpMethods.Post : HttpMethods.Get;
        return _services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .FirstOrDefault(e => string.Equals(e.RoutePattern.RawText, pattern, StringComparison.OrdinalIgnoreCase)
                && e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains(method) == true);
    }
}
