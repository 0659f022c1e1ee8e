namespace Market.Application.Common.Interfaces;

/// <summary>Who is who: configuration in embedded mode, app-service user-info in Olares mode.</summary>
public interface IUserDirectory
{
    /// <summary>owner, admin or normal.</summary>
    ValueTask<string> GetRoleAsync(string user, CancellationToken cancellationToken);
}

public static class UserRoles
{
    public const string Owner = "owner";
    public const string Admin = "admin";
    public const string Normal = "normal";

    public static bool IsAdmin(string role) => role is Owner or Admin;
}
