namespace Market.Domain.Payments;

/// <summary>
/// The user-facing payment status of a paid app (original §3.10.1, first matching rule wins) and its
/// message. <c>requires_purchase</c> is true for every paid app; the web app reads <c>status</c>.
/// </summary>
public static class PaymentStatusRules
{
    public static string StatusOf(Purchase? purchase, string productId)
    {
        if (purchase is null)
        {
            return PurchaseStatuses.NotBuy;
        }

        var signature = purchase.SignatureStatus;
        if (purchase.IsConfirmed)
        {
            return PurchaseStatuses.Purchased;
        }

        switch (purchase.PaymentStatus)
        {
            case PaymentProgress.FrontendCompleted:
                return PurchaseStatuses.WaitingDeveloperConfirmation;
            case PaymentProgress.FrontendStarted:
                return PurchaseStatuses.PaymentFrontendStarted;
            case PaymentProgress.NotificationSent when signature == SignatureStatuses.RequiredAndSigned:
                return PurchaseStatuses.PaymentRequired;
            case PaymentProgress.NotificationSent when purchase.HasJws:
                return signature switch
                {
                    SignatureStatuses.ErrorNeedResign => PurchaseStatuses.SignatureNeedResign,
                    SignatureStatuses.ErrorNoRecord => PurchaseStatuses.PaymentRetryRequired,
                    _ => PurchaseStatuses.PaymentRequired,
                };
            case PaymentProgress.NotificationSent:
                return PurchaseStatuses.NotificationSent;
        }

        return signature switch
        {
            SignatureStatuses.RequiredAndSigned => PurchaseStatuses.PaymentRequired,
            SignatureStatuses.Required or SignatureStatuses.RequiredButPending => PurchaseStatuses.SignatureRequired,
            SignatureStatuses.ErrorNoRecord => PurchaseStatuses.SignatureNoRecord,
            SignatureStatuses.ErrorNeedResign => PurchaseStatuses.SignatureNeedResign,
            _ => productId.Length > 0 ? PurchaseStatuses.NotBuy : PurchaseStatuses.NotEvaluated,
        };
    }

    public static string MessageOf(string status) => status switch
    {
        PurchaseStatuses.Free => "This is a free app",
        PurchaseStatuses.Purchased => "App is already purchased",
        PurchaseStatuses.WaitingDeveloperConfirmation => "Payment completed on frontend, waiting for developer confirmation",
        PurchaseStatuses.PaymentFrontendStarted => "Frontend preparing on-chain payment",
        PurchaseStatuses.PaymentRequired => "Payment required",
        PurchaseStatuses.PaymentRetryRequired => "Developer has no matching payment record, please retry payment",
        PurchaseStatuses.NotificationSent => "Payment notification sent",
        PurchaseStatuses.SignatureRequired => "Signature required",
        PurchaseStatuses.SignatureNoRecord => "Developer has no matching payment record, please retry payment",
        PurchaseStatuses.SignatureNeedResign => "Signature invalid or expired, please re-sign to continue",
        PurchaseStatuses.NotBuy or "not_notified" => "Payment not started",
        PurchaseStatuses.NotEvaluated => "Payment status not evaluated",
        _ => "Payment status updated",
    };
}
