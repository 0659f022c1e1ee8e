using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Market.Domain.Preinstall;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Market.Application.Preinstall.Commands.RunPreinstall;

/// <summary>
/// Who an app is installed for: a <c>shared</c> app once, as the first configured admin (the cluster's owner
/// installs shared apps); a <c>per-user</c> app for every user Market knows (the admins, and everyone with
/// settings or apps), so a user who appears later gets it on a later scan.
/// </summary>
public sealed class PreinstallAccounts(IMarketDbContext db, IOptions<AuthOptions> auth)
{
    public string Admin => auth.Value.AdminUsers.FirstOrDefault(a => !string.IsNullOrWhiteSpace(a)) ?? "admin";

    public async Task<IReadOnlyList<string>> ForAsync(PreinstallApp app, CancellationToken cancellationToken)
    {
        if (app.IsShared)
        {
            return [Admin];
        }

        var users = new SortedSet<string>(auth.Value.AdminUsers.Where(a => !string.IsNullOrWhiteSpace(a)), StringComparer.Ordinal) { Admin };
        users.UnionWith(await db.UserSettings.AsNoTracking().Select(s => s.UserId).ToListAsync(cancellationToken));
        users.UnionWith(await db.UserApps.AsNoTracking().Select(a => a.UserId).Distinct().ToListAsync(cancellationToken));
        return [.. users.Where(u => u.Length > 0)];
    }
}
