using System.Text;
using Microsoft.AspNetCore.Mvc;

namespace Market.Api.Runtime;

/// <summary>
/// A static HTML page. The page only talks to its own origin and carries no data of its own; a strict
/// content security policy keeps it that way even if a value ever slipped into markup.
/// </summary>
public sealed class HtmlPageResult(string html, int statusCode = StatusCodes.Status200OK) : IActionResult, IResult
{
    private const string Policy =
        "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

    public Task ExecuteResultAsync(ActionContext context) => ExecuteAsync(context.HttpContext);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = statusCode;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.ContentSecurityPolicy = Policy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.CacheControl = "no-store";
        await response.WriteAsync(html, Encoding.UTF8, httpContext.RequestAborted);
    }
}
