using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Microsoft.Extensions.Options;

namespace Market.Infrastructure.Identity;

/// <summary>Embedded-mode user directory: <c>Market:Auth:AdminUsers</c> are admins, everybody else is a normal user.</summary>
internal sealed class ConfiguredUserDirectory(IOptionsMonitor<AuthOptions> options) : IUserDirectory
{
    public ValueTask<string> GetRoleAsync(string user, CancellationToken cancellationToken)
    {
        var admins = options.CurrentValue.AdminUsers;
        var isAdmin = (admins.Count == 0 ? ["admin"] : admins).Contains(user, StringComparer.Ordinal);
        return ValueTask.FromResult(isAdmin ? UserRoles.Admin : UserRoles.Normal);
    }
}
