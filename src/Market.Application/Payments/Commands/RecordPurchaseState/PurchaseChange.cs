using Market.Application.Common.Interfaces;
using Market.Domain.Payments;

namespace Market.Application.Payments.Commands.RecordPurchaseState;

/// <summary>
/// What a payment route asks of a purchase, as data: the handler applies it to the row it just read (and
/// again to a newer row after a conflict), so each change names one domain transition and decides nothing else.
/// </summary>
public abstract record PurchaseChange
{
    internal abstract PurchaseRecorded ApplyTo(Purchase purchase, DateTime now);

    /// <summary>The developer's DID was looked up (null: unknown, or the lookup failed).</summary>
    public sealed record DeveloperLookedUp(DidRecord? Developer) : PurchaseChange
    {
        internal override PurchaseRecorded ApplyTo(Purchase purchase, DateTime now)
        {
            if (Developer is not null && Developer.Did.StartsWith("did:", StringComparison.Ordinal))
            {
                purchase.ResolveDeveloper(Developer.Did, Developer.RsaPublicKey, now);
            }
            else
            {
                purchase.FailDeveloperLookup(now);
            }

            return new PurchaseRecorded(purchase, PurchaseStep.Nothing);
        }
    }

    /// <summary>The user's browser came through <see cref="Host"/> (status read).</summary>
    public sealed record Observed(string Source, string Host) : PurchaseChange
    {
        internal override PurchaseRecorded ApplyTo(Purchase purchase, DateTime now)
        {
            purchase.Observe(Source, Host, now);
            return new PurchaseRecorded(purchase, PurchaseStep.Nothing);
        }
    }

    public sealed record PaymentStarted(string Source, string? Host) : PurchaseChange
    {
        internal override PurchaseRecorded ApplyTo(Purchase purchase, DateTime now)
        {
            purchase.Observe(Source, Host, now);
            return new PurchaseRecorded(purchase, purchase.StartPayment(now));
        }
    }

    public sealed record RestoreRequested(string Source, string? Host, int PollAttempts) : PurchaseChange
    {
        internal override PurchaseRecorded ApplyTo(Purchase purchase, DateTime now)
        {
            purchase.Observe(Source, Host, now);
            var (step, status, message) = purchase.Restore(PollAttempts, now);
            return new PurchaseRecorded(purchase, step, status, message);
        }
    }

    public sealed record FrontendPaymentStarted(string Source, string? Host, string? FrontendDataJson) : PurchaseChange
    {
        internal override PurchaseRecorded ApplyTo(Purchase purchase, DateTime now)
        {
            purchase.Observe(Source, Host, now);
            purchase.FrontendStarted(FrontendDataJson, now);
            return new PurchaseRecorded(purchase, PurchaseStep.Nothing);
        }
    }

    public sealed record PaymentCompleted(string TxHash, string? Host, int PollAttempts) : PurchaseChange
    {
        internal override PurchaseRecorded ApplyTo(Purchase purchase, DateTime now) =>
            new(purchase, purchase.PaymentCompleted(TxHash, Host, PollAttempts, now));
    }

    public sealed record SignatureSubmitted(string Jws, string SignBody, int PollAttempts) : PurchaseChange
    {
        internal override PurchaseRecorded ApplyTo(Purchase purchase, DateTime now) =>
            new(purchase, purchase.SignatureSubmitted(Jws, SignBody, PollAttempts, now));
    }

    public sealed record SignatureFetched(bool Signed, string? Jws, string SignBody) : PurchaseChange
    {
        internal override PurchaseRecorded ApplyTo(Purchase purchase, DateTime now) =>
            new(purchase, purchase.SignatureFetched(Signed, Jws, SignBody, now));
    }
}
