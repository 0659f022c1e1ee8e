using Market.Application.Common.Exceptions;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Market.Api.Infrastructure.Identity;

/// <summary>Every API action needs a caller: 401 <c>Failed to get user information</c> before anything else runs.</summary>
public sealed class RequireUserFilter : IAuthorizationFilter, IOrderedFilter
{
    public int Order => -1000;

    public void OnAuthorization(AuthorizationFilterContext context)
    {
        if (context.ActionDescriptor.EndpointMetadata.OfType<CallerCheckedByActionAttribute>().Any())
        {
            return;
        }

        if (HttpCurrentUser.TryGetName(context.HttpContext) is null)
        {
            throw new UnauthorizedException();
        }
    }
}
