namespace Market.Domain.Payments;

/// <summary><c>payment_need</c>: must the product be bought, or is the price configuration broken.</summary>
public static class PaymentNeeds
{
    public const string NotRequired = "not_required";
    public const string Required = "required";
    public const string ErrorMissingDeveloper = "error_missing_developer";
    public const string ErrorDeveloperFetchFailed = "error_developer_fetch_failed";

    public static bool IsError(string need) => need is ErrorMissingDeveloper or ErrorDeveloperFetchFailed;
}

/// <summary><c>developer_sync</c> (VC retrieval) and <c>larepass_sync</c> (signature exchange).</summary>
public static class SyncStatuses
{
    public const string NotStarted = "not_started";
    public const string InProgress = "in_progress";
    public const string Completed = "completed";
    public const string Failed = "failed";
}

/// <summary><c>signature_status</c>: the JWS lifecycle.</summary>
public static class SignatureStatuses
{
    public const string NotEvaluated = "not_evaluated";
    public const string NotRequired = "not_required";
    public const string Required = "required";
    public const string RequiredAndSigned = "required_and_signed";
    public const string RequiredButPending = "required_but_pending";
    public const string ErrorNoRecord = "error_no_record";
    public const string ErrorNeedResign = "error_need_resign";

    public static bool IsAwaitingSignature(string status) => status is Required or RequiredButPending;
}

/// <summary><c>payment_status</c>: the frontend's and the chain's progress.</summary>
public static class PaymentProgress
{
    public const string NotEvaluated = "not_evaluated";
    public const string NotNotified = "not_notified";
    public const string NotificationSent = "notification_sent";
    public const string FrontendStarted = "frontend_started";
    public const string FrontendCompleted = "frontend_completed";
    public const string DeveloperConfirmed = "developer_confirmed";

    /// <summary>Before the user was told to pay.</summary>
    public static bool IsEarly(string status) => status is NotEvaluated or NotNotified;
}

/// <summary>The <c>status</c> values the web app reads (payment-status, purchase answers and <c>payment_state_update</c> pushes).</summary>
public static class PurchaseStatuses
{
    public const string Free = "free";
    public const string NotBuy = "not_buy";
    public const string NotEvaluated = "not_evaluated";
    public const string Syncing = "syncing";
    public const string SignatureRequired = "signature_required";
    public const string PaymentRequired = "payment_required";
    public const string PaymentFrontendStarted = "payment_frontend_started";
    public const string NotificationSent = "notification_sent";
    public const string WaitingDeveloperConfirmation = "waiting_developer_confirmation";
    public const string Purchased = "purchased";
    public const string SignatureNoRecord = "signature_no_record";
    public const string PaymentRetryRequired = "payment_retry_required";
    public const string SignatureNeedResign = "signature_need_resign";
}
