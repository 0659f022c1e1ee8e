using System.ComponentModel.DataAnnotations;

namespace Market.Application.Common.Options;

/// <summary>
/// <c>Market:Auth:LocalUser</c>: the identity of requests that carry no <c>X-Bfl-User</c>, so that a browser
/// on the operator's laptop can open the dashboards (only the Olares gateway sets the header). Off when
/// empty. Only for loopback: the host refuses to start with it on a network address unless
/// <see cref="AllowLocalUserOnNetwork"/> says so, since anyone reaching the port would be that user.
/// </summary>
public sealed class LocalUserOptions
{
    public const string Section = "Market:Auth";

    [RegularExpression("^[a-z0-9]([a-z0-9._-]{0,62})$", ErrorMessage = "Market:Auth:LocalUser must be a lower-case user name like the X-Bfl-User header")]
    public string? LocalUser { get; set; }

    public bool AllowLocalUserOnNetwork { get; set; }

    public bool IsEnabled => !string.IsNullOrEmpty(LocalUser);
}
