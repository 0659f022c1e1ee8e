using Market.Application.Common.Exceptions;

namespace Market.Application.Payments;

/// <summary>
/// The frontend reported a payment for which this user never started a purchase (a stale tab, another
/// user's product id, a replay with made-up headers). The original answered 500; it is the caller's
/// mistake, so it is a 409 that says what is missing and what to do.
/// </summary>
public static class NoPurchaseStarted
{
    public static ConflictException For(string failed, string appId, string productId) =>
        new($"{failed}: no purchase of app '{appId}' (product '{productId}') was started by this user; start the purchase first");
}
