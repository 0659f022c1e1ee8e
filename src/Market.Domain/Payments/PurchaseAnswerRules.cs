namespace Market.Domain.Payments;

/// <summary>What a purchase or frontend-start answer carries besides its status and message.</summary>
[Flags]
public enum PurchaseAnswerParts
{
    None = 0,

    /// <summary><c>payment_data</c> (needs the developer's and the user's DIDs).</summary>
    PaymentData = 1,

    /// <summary><c>frontend_data</c> and <c>frontend_payment_started_payload: {data}</c>.</summary>
    FrontendData = 2,
}

public sealed record PurchaseAnswer(string Status, string? Message, PurchaseAnswerParts Parts);

/// <summary>The purchase / frontend-start answer (original §3.10.2, first matching rule wins).</summary>
public static class PurchaseAnswerRules
{
    public static PurchaseAnswer AnswerFor(Purchase purchase)
    {
        var signature = purchase.SignatureStatus;
        var payment = purchase.PaymentStatus;
        if (SignatureStatuses.IsAwaitingSignature(signature))
        {
            return new(PurchaseStatuses.SignatureRequired, null, PurchaseAnswerParts.None);
        }

        if (purchase.IsConfirmed)
        {
            return new(PurchaseStatuses.Purchased, "already purchased, ready to install", PurchaseAnswerParts.None);
        }

        if (payment == PaymentProgress.FrontendCompleted)
        {
            return new(PurchaseStatuses.WaitingDeveloperConfirmation, "payment completed, waiting for developer confirmation", PurchaseAnswerParts.FrontendData);
        }

        if (signature == SignatureStatuses.ErrorNoRecord)
        {
            const string noRecord = "developer has no matching payment record, please retry payment";
            return purchase.HasJws && payment is PaymentProgress.NotificationSent or PaymentProgress.FrontendStarted
                ? new(PurchaseStatuses.PaymentRetryRequired, noRecord, PurchaseAnswerParts.PaymentData | PurchaseAnswerParts.FrontendData)
                : new(PurchaseStatuses.SignatureNoRecord, noRecord, PurchaseAnswerParts.None);
        }

        if (signature == SignatureStatuses.ErrorNeedResign)
        {
            return new(PurchaseStatuses.SignatureNeedResign, "signature invalid or expired, please re-sign to continue", PurchaseAnswerParts.None);
        }

        if (signature == SignatureStatuses.RequiredAndSigned || (purchase.HasJws && payment == PaymentProgress.NotificationSent))
        {
            return new(PurchaseStatuses.PaymentRequired, null, PurchaseAnswerParts.PaymentData | PurchaseAnswerParts.FrontendData);
        }

        if (payment == PaymentProgress.FrontendStarted)
        {
            return new(PurchaseStatuses.PaymentFrontendStarted, null, PurchaseAnswerParts.FrontendData);
        }

        return new(PurchaseStatuses.Syncing, "synchronizing payment state", PurchaseAnswerParts.None);
    }
}
