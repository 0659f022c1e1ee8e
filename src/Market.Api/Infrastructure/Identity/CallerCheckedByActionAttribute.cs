namespace Market.Api.Infrastructure.Identity;

/// <summary>
/// The action checks its caller itself, after its body checks (the LarePass callbacks: 400
/// <c>X-Bfl-User header is required</c>, then their signed ticket). <see cref="RequireUserFilter"/> skips it.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class CallerCheckedByActionAttribute : Attribute;
