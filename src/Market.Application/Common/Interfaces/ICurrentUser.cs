namespace Market.Application.Common.Interfaces;

/// <summary>The caller, taken from the gateway's <c>X-Bfl-User</c> header and checked for form.</summary>
public interface ICurrentUser
{
    /// <summary>The user name; throws <c>UnauthorizedException</c> when the request carries no valid identity.</summary>
    string Name { get; }

    /// <summary>owner, admin or normal.</summary>
    ValueTask<string> GetRoleAsync(CancellationToken cancellationToken);
}
