using System.Security.Cryptography;
using System.Text;
using Market.Application.Common.Interfaces;
using Market.Domain.Payments;

namespace Market.Application.Payments;

/// <summary>
/// Binds a LarePass callback to the purchase it answers: <c>{purchase id}.{HMAC-SHA256(user, purchase, product)}</c>
/// in the callback URL's <c>ticket</c> query parameter. The key is shared by every replica, so any of
/// them can check a ticket another one issued.
/// </summary>
public sealed class CallbackTickets(IPaymentKeys keys)
{
    public const string QueryName = LarePassMessage.TicketQuery;
    public const string InvalidMessage = "Invalid callback ticket";

    public async ValueTask<string> IssueAsync(Purchase purchase, CancellationToken cancellationToken)
    {
        var key = await keys.GetCallbackKeyAsync(cancellationToken);
        return $"{purchase.Id}.{Sign(key, purchase.UserId, purchase.Id, purchase.ProductId)}";
    }

    /// <summary>The purchase id a well-formed ticket names (not yet checked), else null.</summary>
    public static long? PurchaseIdOf(string? ticket)
    {
        var dot = ticket?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        return dot > 0 && long.TryParse(ticket.AsSpan(0, dot), System.Globalization.NumberStyles.None, null, out var id) ? id : null;
    }

    /// <summary>True when the ticket was issued for this user's purchase (constant-time comparison).</summary>
    public async ValueTask<bool> VerifyAsync(string? ticket, string user, Purchase purchase, CancellationToken cancellationToken)
    {
        if (ticket is null || PurchaseIdOf(ticket) != purchase.Id || purchase.UserId != user)
        {
            return false;
        }

        var key = await keys.GetCallbackKeyAsync(cancellationToken);
        var expected = Encoding.ASCII.GetBytes($"{purchase.Id}.{Sign(key, user, purchase.Id, purchase.ProductId)}");
        var given = Encoding.ASCII.GetBytes(ticket);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    /// <summary>The callback URL LarePass posts to: <c>https://{host}/app-store/api/v2/payment/{route}?ticket=…</c>.</summary>
    public static string CallbackUrl(string host, string route, string ticket) =>
        $"https://{host}/app-store/api/v2/payment/{route}?{QueryName}={Uri.EscapeDataString(ticket)}";

    private static string Sign(byte[] key, string user, long purchaseId, string productId)
    {
        var message = Encoding.UTF8.GetBytes($"{user}\n{purchaseId}\n{productId}");
        return Base64Url(HMACSHA256.HashData(key, message));
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
