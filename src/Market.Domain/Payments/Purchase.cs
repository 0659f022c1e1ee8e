using Market.Domain.Common;

namespace Market.Domain.Payments;

/// <summary>
/// One user's purchase of one product of one app, with the five dimensions of the original's payment
/// state. Every change is a behaviour method that returns the side effects it needs (<see cref="PurchaseStep"/>);
/// <see cref="RowVersion"/> makes concurrent writers (callbacks, pollers, replicas) retry instead of losing updates.
/// JWS, sign body and VC are secrets: they leave the aggregate only toward LarePass, the developer and the runtime.
/// </summary>
public class Purchase
{
    private Purchase()
    {
    }

    public long Id { get; private set; }

    public string UserId { get; private set; } = string.Empty;

    public string SourceId { get; private set; } = string.Empty;

    /// <summary>The real app id (the catalog's), never the name the route used.</summary>
    public string AppId { get; private set; } = string.Empty;

    public string AppName { get; private set; } = string.Empty;

    public string ProductId { get; private set; } = string.Empty;

    public string DeveloperName { get; private set; } = string.Empty;

    public string DeveloperDid { get; private set; } = string.Empty;

    public string DeveloperRsaKey { get; private set; } = string.Empty;

    public string PaymentNeed { get; private set; } = PaymentNeeds.Required;

    public string DeveloperSync { get; private set; } = SyncStatuses.NotStarted;

    public string LarePassSync { get; private set; } = SyncStatuses.NotStarted;

    public string SignatureStatus { get; private set; } = SignatureStatuses.NotEvaluated;

    public string PaymentStatus { get; private set; } = PaymentProgress.NotEvaluated;

    public string? Jws { get; private set; }

    public string? SignBody { get; private set; }

    public string? Vc { get; private set; }

    public string? TxHash { get; private set; }

    public string? ForwardedHost { get; private set; }

    /// <summary>The frontend's payment context (JSON object) or null.</summary>
    public string? FrontendDataJson { get; private set; }

    /// <summary>A restore asked for the signature: once signed, poll instead of asking the user to pay.</summary>
    public bool Restoring { get; private set; }

    /// <summary>VC queries still to make; 0 = no polling. Set only once the user reported a payment or on restore.</summary>
    public int PollAttemptsLeft { get; private set; }

    public DateTime? PollDueAt { get; private set; }

    public string? PollLeaseOwner { get; private set; }

    public DateTime? PollLeaseUntil { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    public int RowVersion { get; private set; }

    /// <summary>When the owner was told the purchase is stuck (<c>payment_stuck</c>, once per purchase); null until then.</summary>
    public DateTime? StuckAnnouncedAt { get; private set; }

    public bool IsConfirmed => !string.IsNullOrEmpty(Vc) && DeveloperSync == SyncStatuses.Completed;

    public bool HasValidDeveloperDid => DeveloperDid.StartsWith("did:", StringComparison.Ordinal);

    public bool HasJws => !string.IsNullOrEmpty(Jws);

    public static Purchase Start(string user, string source, string appId, string appName, string productId, string developerName, DateTime now) => new()
    {
        UserId = user,
        SourceId = source,
        AppId = appId,
        AppName = appName,
        ProductId = productId,
        DeveloperName = developerName.Trim(),
        PaymentNeed = developerName.Trim().Length == 0 ? PaymentNeeds.ErrorMissingDeveloper : PaymentNeeds.Required,
        DeveloperSync = developerName.Trim().Length == 0 ? SyncStatuses.Failed : SyncStatuses.NotStarted,
        CreatedAt = now,
        UpdatedAt = now,
    };

    /// <summary>The developer's DID was found (again): an earlier lookup failure is healed, not kept forever.</summary>
    public void ResolveDeveloper(string did, string rsaKey, DateTime now)
    {
        DeveloperDid = did;
        DeveloperRsaKey = rsaKey;
        if (PaymentNeeds.IsError(PaymentNeed))
        {
            PaymentNeed = PaymentNeeds.Required;
            DeveloperSync = SyncStatuses.NotStarted;
        }

        Touch(now);
    }

    public void FailDeveloperLookup(DateTime now)
    {
        PaymentNeed = DeveloperName.Length == 0 ? PaymentNeeds.ErrorMissingDeveloper : PaymentNeeds.ErrorDeveloperFetchFailed;
        DeveloperSync = SyncStatuses.Failed;
        Touch(now);
    }

    /// <summary>Remembers where the user's browser reached us (the callback host); the source the user bought it in wins.</summary>
    public void Observe(string source, string? host, DateTime now)
    {
        var changed = false;
        if (source.Length > 0 && source != SourceId)
        {
            SourceId = source;
            changed = true;
        }

        if (!string.IsNullOrEmpty(host) && host != ForwardedHost)
        {
            ForwardedHost = host;
            changed = true;
        }

        if (changed)
        {
            Touch(now);
        }
    }

    /// <summary>The user clicked purchase.</summary>
    public PurchaseStep StartPayment(DateTime now)
    {
        EnsureDeveloperKnown();
        if (IsConfirmed)
        {
            return PurchaseStep.Nothing;
        }

        switch (SignatureStatus)
        {
            case SignatureStatuses.ErrorNeedResign:
                return AskSignature(SignRequestKind.Resign, now);
            case SignatureStatuses.ErrorNoRecord when HasJws && PaymentStatus is PaymentProgress.NotificationSent or PaymentProgress.FrontendStarted:
                // The user is asked to pay again (payment_retry_required); start-polling restarts the poll.
                return PurchaseStep.Nothing;
            case SignatureStatuses.ErrorNoRecord:
            case SignatureStatuses.NotEvaluated:
            case SignatureStatuses.NotRequired:
            case SignatureStatuses.Required:
            case SignatureStatuses.RequiredButPending:
                return AskSignature(SignRequestKind.Sign, now);
        }

        // Signed.
        if (PaymentStatus == PaymentProgress.FrontendCompleted)
        {
            return PurchaseStep.Nothing;
        }

        if (PaymentProgress.IsEarly(PaymentStatus))
        {
            PaymentStatus = PaymentProgress.NotificationSent;
            Touch(now);
            return new PurchaseStep(Push: PurchaseStatuses.PaymentRequired);
        }

        return PurchaseStep.Nothing;
    }

    /// <summary>The user asked to restore an earlier purchase (e.g. on a new device).</summary>
    public (PurchaseStep Step, string Status, string Message) Restore(int pollAttempts, DateTime now)
    {
        if (IsConfirmed)
        {
            return (PurchaseStep.Nothing, PurchaseStatuses.Purchased, "Purchase already restored, VC confirmed");
        }

        switch (SignatureStatus)
        {
            case SignatureStatuses.RequiredAndSigned when HasJws:
                Restoring = true;
                SchedulePolling(pollAttempts, now);
                return (PurchaseStep.Nothing, PurchaseStatuses.Syncing, "Restore purchase started, polling for VC");
            case SignatureStatuses.Required or SignatureStatuses.NotEvaluated or SignatureStatuses.RequiredButPending:
                EnsureDeveloperKnown();
                Restoring = true;
                if (PaymentProgress.IsEarly(PaymentStatus))
                {
                    PaymentStatus = PaymentProgress.NotificationSent;
                }

                return (AskSignature(SignRequestKind.Sign, now), PurchaseStatuses.SignatureRequired,
                    "Signature required for restore purchase, please sign and wait for callback");
            case SignatureStatuses.ErrorNeedResign:
                EnsureDeveloperKnown();
                Restoring = true;
                if (PaymentProgress.IsEarly(PaymentStatus))
                {
                    PaymentStatus = PaymentProgress.NotificationSent;
                }

                return (AskSignature(SignRequestKind.Resign, now), PurchaseStatuses.SignatureRequired, "Signature invalid, re-signing for restore purchase");
            case SignatureStatuses.ErrorNoRecord:
                return (PurchaseStep.Nothing, PurchaseStatuses.SignatureNoRecord, "No payment record found, cannot restore purchase");
            default:
                return (PurchaseStep.Nothing, PurchaseStatuses.Syncing, "Restore purchase in progress");
        }
    }

    /// <summary>LarePass signed (submit-signature). A replay of the same JWS changes nothing.</summary>
    public PurchaseStep SignatureSubmitted(string jws, string signBody, int pollAttempts, DateTime now)
    {
        if (SignatureStatus == SignatureStatuses.RequiredAndSigned && Jws == jws)
        {
            return PurchaseStep.Nothing;
        }

        SignatureStatus = SignatureStatuses.RequiredAndSigned;
        Jws = jws;
        SignBody = signBody;
        LarePassSync = SyncStatuses.Completed;
        Touch(now);
        if (IsConfirmed)
        {
            return PurchaseStep.Nothing;
        }

        if (PaymentStatus == PaymentProgress.FrontendCompleted || Restoring || !string.IsNullOrEmpty(TxHash))
        {
            // The user already paid (or re-signs after paying, or restores an earlier purchase): now the developer can be asked repeatedly.
            SchedulePolling(pollAttempts, now);
            return PurchaseStep.Nothing;
        }

        EnsureDeveloperKnown();
        if (PaymentProgress.IsEarly(PaymentStatus))
        {
            PaymentStatus = PaymentProgress.NotificationSent;
        }

        // One query finds an earlier purchase; polling waits until the user reports the payment.
        return new PurchaseStep(Push: PurchaseStatuses.PaymentRequired, QueryVcOnce: true);
    }

    /// <summary>LarePass answered a fetch-signature request: with the signature it holds, or none.</summary>
    public PurchaseStep SignatureFetched(bool signed, string? jws, string signBody, DateTime now)
    {
        LarePassSync = SyncStatuses.Completed;
        if (signed && !string.IsNullOrEmpty(jws))
        {
            if (SignatureStatus == SignatureStatuses.RequiredAndSigned && Jws == jws)
            {
                Touch(now);
                return PurchaseStep.Nothing;
            }

            SignatureStatus = SignatureStatuses.RequiredAndSigned;
            Jws = jws;
            SignBody = signBody;
            Touch(now);
            return IsConfirmed ? PurchaseStep.Nothing : new PurchaseStep(QueryVcOnce: true);
        }

        SignatureStatus = SignatureStatuses.Required;
        if (string.IsNullOrEmpty(jws))
        {
            Jws = null;
        }

        Touch(now);
        return PurchaseStep.Nothing;
    }

    /// <summary>The frontend prepares the on-chain payment and keeps its context here.</summary>
    public void FrontendStarted(string? frontendDataJson, DateTime now)
    {
        if (PaymentStatus == PaymentProgress.DeveloperConfirmed || IsConfirmed)
        {
            throw new DomainException("already purchased, ready to install", DomainErrorKind.Conflict);
        }

        FrontendDataJson = frontendDataJson;
        PaymentStatus = PaymentProgress.FrontendStarted;
        Touch(now);
    }

    /// <summary>The frontend reports its transaction: from now on the developer is polled (a newer report restarts the poll).</summary>
    public PurchaseStep PaymentCompleted(string txHash, string? host, int pollAttempts, DateTime now)
    {
        if (IsConfirmed)
        {
            return PurchaseStep.Nothing;
        }

        TxHash = txHash;
        if (!string.IsNullOrEmpty(host))
        {
            ForwardedHost = host;
        }

        if (SignatureStatus == SignatureStatuses.ErrorNeedResign)
        {
            // The developer already refused this signature: nothing can confirm the payment until the user signs
            // again, so the status keeps saying so (not "waiting" forever); the new signature starts the polling.
            Touch(now);
            return new PurchaseStep(Push: PurchaseStatuses.SignatureNeedResign);
        }

        PaymentStatus = PaymentProgress.FrontendCompleted;
        if (SignatureStatus == SignatureStatuses.ErrorNoRecord && HasJws)
        {
            SignatureStatus = SignatureStatuses.RequiredAndSigned;
        }

        if (SignatureStatus == SignatureStatuses.RequiredAndSigned)
        {
            SchedulePolling(pollAttempts, now);
        }

        Touch(now);
        return new PurchaseStep(Push: PurchaseStatuses.WaitingDeveloperConfirmation);
    }

    /// <summary>The developer issued the licence.</summary>
    public PurchaseStep VcReceived(string vc, DateTime now)
    {
        if (IsConfirmed && Vc == vc)
        {
            StopPolling();
            return PurchaseStep.Nothing;
        }

        Vc = vc;
        DeveloperSync = SyncStatuses.Completed;
        PaymentStatus = PaymentProgress.DeveloperConfirmed;
        FrontendDataJson = null;
        Restoring = false;
        StopPolling();
        Touch(now);
        return new PurchaseStep(Push: PurchaseStatuses.Purchased, SaveVc: true);
    }

    /// <summary>The developer has no payment record for this signature. While polling, only the last attempt decides.</summary>
    public PurchaseStep VcNoRecord(bool final, DateTime now)
    {
        if (IsConfirmed || !final)
        {
            return PurchaseStep.Nothing;
        }

        StopPolling();
        DeveloperSync = SyncStatuses.Completed;
        SignatureStatus = SignatureStatuses.ErrorNoRecord;
        var retry = PaymentStatus is PaymentProgress.NotificationSent or PaymentProgress.FrontendCompleted;
        LeaveWaiting();
        Touch(now);
        return new PurchaseStep(Push: retry ? PurchaseStatuses.PaymentRetryRequired : PurchaseStatuses.SignatureNoRecord);
    }

    /// <summary>The developer refused the JWS (invalid, expired, incomplete): the user must sign again.</summary>
    public PurchaseStep VcNeedsResign(DateTime now)
    {
        if (IsConfirmed)
        {
            return PurchaseStep.Nothing;
        }

        StopPolling();
        DeveloperSync = SyncStatuses.Completed;
        SignatureStatus = SignatureStatuses.ErrorNeedResign;
        LeaveWaiting();
        Touch(now);
        return new PurchaseStep(Push: PurchaseStatuses.SignatureNeedResign);
    }

    /// <summary>The developer could not be asked (or never answered usefully) before the attempts ran out.</summary>
    public void VcQueryFailed(bool final, DateTime now)
    {
        if (!final || IsConfirmed)
        {
            return;
        }

        StopPolling();
        if (DeveloperSync != SyncStatuses.Completed)
        {
            DeveloperSync = SyncStatuses.Failed;
        }

        Touch(now);
    }

    /// <summary>A poller took this purchase; the lease keeps other replicas away until it runs out.</summary>
    public bool TryLeasePoll(string owner, DateTime now, DateTime until)
    {
        if (PollAttemptsLeft <= 0 || PollDueAt > now || (PollLeaseOwner is not null && PollLeaseOwner != owner && PollLeaseUntil > now))
        {
            return false;
        }

        PollLeaseOwner = owner;
        PollLeaseUntil = until;
        Touch(now);
        return true;
    }

    /// <summary>The poller stops (graceful shutdown): the purchase may be polled by another at once.</summary>
    public void ReleasePollLease(string owner, DateTime now)
    {
        if (PollLeaseOwner != owner)
        {
            return;
        }

        PollLeaseOwner = null;
        PollLeaseUntil = null;
        Touch(now);
    }

    /// <summary>One poll attempt was made; returns whether it was the last one.</summary>
    public bool PollAttempted(TimeSpan interval, DateTime now)
    {
        PollAttemptsLeft = Math.Max(0, PollAttemptsLeft - 1);
        PollDueAt = PollAttemptsLeft > 0 ? now + interval : null;
        PollLeaseOwner = null;
        PollLeaseUntil = null;
        Touch(now);
        return PollAttemptsLeft == 0;
    }

    private PurchaseStep AskSignature(SignRequestKind kind, DateTime now)
    {
        if (kind == SignRequestKind.Resign || SignatureStatus == SignatureStatuses.ErrorNoRecord)
        {
            Jws = null;
            SignBody = null;
        }

        SignatureStatus = SignatureStatuses.Required;
        PaymentNeed = PaymentNeeds.Required;
        LarePassSync = SyncStatuses.InProgress;
        if (DeveloperSync == SyncStatuses.Completed)
        {
            DeveloperSync = SyncStatuses.NotStarted;
        }

        Touch(now);
        return new PurchaseStep(SignRequest: kind, Push: PurchaseStatuses.SignatureRequired);
    }

    private void SchedulePolling(int attempts, DateTime now)
    {
        PollAttemptsLeft = Math.Max(1, attempts);
        PollDueAt = now;
        PollLeaseOwner = null;
        PollLeaseUntil = null;
        if (DeveloperSync != SyncStatuses.Completed || !IsConfirmed)
        {
            DeveloperSync = SyncStatuses.InProgress;
        }
    }

    /// <summary>
    /// The developer's verdict ends the wait: the status must say what to do next (retry, re-sign) rather
    /// than "waiting for developer confirmation" forever, as the original did.
    /// </summary>
    private void LeaveWaiting()
    {
        if (PaymentStatus == PaymentProgress.FrontendCompleted)
        {
            PaymentStatus = PaymentProgress.NotificationSent;
        }
    }

    private void StopPolling()
    {
        PollAttemptsLeft = 0;
        PollDueAt = null;
        PollLeaseOwner = null;
        PollLeaseUntil = null;
    }

    private void EnsureDeveloperKnown()
    {
        if (!HasValidDeveloperDid)
        {
            throw new DomainException("invalid developer DID", DomainErrorKind.Invalid);
        }
    }

    /// <summary>
    /// True (once) when the purchase has not been confirmed and nothing moved it for <paramref name="after"/>: the moment to
    /// tell its owner. The row version moves, so two replicas cannot both announce it.
    /// </summary>
    public bool AnnounceStuck(TimeSpan after, DateTime now)
    {
        if (IsConfirmed || StuckAnnouncedAt is not null || now - UpdatedAt < after)
        {
            return false;
        }

        StuckAnnouncedAt = now;
        RowVersion++;
        return true;
    }

    private void Touch(DateTime now)
    {
        UpdatedAt = now;
        RowVersion++;
    }
}
