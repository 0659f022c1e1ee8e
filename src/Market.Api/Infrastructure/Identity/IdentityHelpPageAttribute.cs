using Market.Api.Runtime;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Market.Api.Infrastructure.Identity;

/// <summary>
/// A browser page opened without an identity (no gateway, no <c>Market:Auth:LocalUser</c>) answers a page that says
/// how to get one, still 401, instead of the API's JSON envelope. Clients that do not ask for HTML keep the envelope.
/// Runs before <see cref="RequireUserFilter"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class IdentityHelpPageAttribute : Attribute, IAuthorizationFilter, IOrderedFilter
{
    public int Order => -1100;

    public void OnAuthorization(AuthorizationFilterContext context)
    {
        var http = context.HttpContext;
        var wantsHtml = http.Request.Headers.Accept.Any(a => a?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true);
        if (wantsHtml && HttpCurrentUser.TryGetName(http) is null)
        {
            context.Result = new HtmlPageResult(IdentityHelpPage.Html, StatusCodes.Status401Unauthorized);
        }
    }
}
