using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Market.Api.Infrastructure.Identity;

/// <summary>Restricts an action to owners and admins (403 otherwise). Runs after <see cref="RequireUserFilter"/>.</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class AdminOnlyAttribute : Attribute, IAsyncAuthorizationFilter, IOrderedFilter
{
    public int Order => -900;

    public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
    {
        var user = context.HttpContext.RequestServices.GetRequiredService<ICurrentUser>();
        var role = await user.GetRoleAsync(context.HttpContext.RequestAborted);
        if (!UserRoles.IsAdmin(role))
        {
            throw new ForbiddenException();
        }
    }
}
