using System.Reflection;
using Market.Domain.Payments;

namespace Market.Domain.Tests.Payments;

/// <summary>Purchases in any combination of the five dimensions, for the table tests of the rules.</summary>
internal static class Purchases
{
    public static readonly DateTime Now = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    public static Purchase Fresh()
    {
        var purchase = Purchase.Start("alice", "market.olares", "app1", "notes", "prod1", "dev.olares.com", Now);
        purchase.ResolveDeveloper("did:dev:1", "0xabcd", Now);
        return purchase;
    }

    /// <summary>A purchase with these dimensions (null leaves the fresh value).</summary>
    public static Purchase With(string? signature = null, string? payment = null, string? developerSync = null, string? jws = null, string? vc = null)
    {
        var purchase = Fresh();
        Set(purchase, nameof(Purchase.SignatureStatus), signature);
        Set(purchase, nameof(Purchase.PaymentStatus), payment);
        Set(purchase, nameof(Purchase.DeveloperSync), developerSync);
        Set(purchase, nameof(Purchase.Jws), jws);
        Set(purchase, nameof(Purchase.Vc), vc);
        return purchase;
    }

    private static void Set(Purchase purchase, string property, string? value)
    {
        if (value is not null)
        {
            typeof(Purchase).GetProperty(property, BindingFlags.Public | BindingFlags.Instance)!.SetValue(purchase, value);
        }
    }
}
