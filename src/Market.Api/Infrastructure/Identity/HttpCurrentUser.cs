using System.Text.RegularExpressions;
using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;

namespace Market.Api.Infrastructure.Identity;

/// <summary>
/// The caller named by the gateway's <c>X-Bfl-User</c> header. The gateway is trusted to set it;
/// we still check its form so that a missing, empty or odd value never becomes a user.
/// </summary>
public sealed partial class HttpCurrentUser(IHttpContextAccessor accessor, IUserDirectory directory) : ICurrentUser
{
    public const string HeaderName = "X-Bfl-User";

    private string? _role;

    public string Name => TryGetName(accessor.HttpContext) ?? throw new UnauthorizedException();

    public async ValueTask<string> GetRoleAsync(CancellationToken cancellationToken) =>
        _role ??= await directory.GetRoleAsync(Name, cancellationToken);

    /// <summary>The user name when the header holds exactly one well-formed value, else null.</summary>
    public static string? TryGetName(HttpContext? context)
    {
        if (context is null || !context.Request.Headers.TryGetValue(HeaderName, out var values) || values.Count != 1)
        {
            return null;
        }

        var name = values[0];
        return name is not null && UserNamePattern().IsMatch(name) ? name : null;
    }

    [GeneratedRegex("^[a-z0-9]([a-z0-9._-]{0,62})$", RegexOptions.CultureInvariant)]
    private static partial Regex UserNamePattern();
}
