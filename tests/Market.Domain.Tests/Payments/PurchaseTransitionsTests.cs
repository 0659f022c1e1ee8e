using Market.Domain.Common;
using Market.Domain.Payments;

namespace Market.Domain.Tests.Payments;

/// <summary>Every transition of a purchase and the side effects it asks for.</summary>
public sealed class PurchaseTransitionsTests
{
    private static readonly DateTime Now = Purchases.Now;

    [Test]
    public void A_new_purchase_without_developer_is_an_error_state_that_a_later_lookup_heals()
    {
        var purchase = Purchase.Start("alice", "s", "a", "n", "p", "  ", Now);
        Assert.That(purchase.PaymentNeed, Is.EqualTo(PaymentNeeds.ErrorMissingDeveloper));
        Assert.That(purchase.DeveloperSync, Is.EqualTo(SyncStatuses.Failed));
        Assert.Throws<DomainException>(() => purchase.StartPayment(Now));

        var failing = Purchase.Start("alice", "s", "a", "n", "p", "dev", Now);
        failing.FailDeveloperLookup(Now);
        Assert.That(failing.PaymentNeed, Is.EqualTo(PaymentNeeds.ErrorDeveloperFetchFailed));
        failing.ResolveDeveloper("did:dev", "k", Now);
        Assert.That(failing.PaymentNeed, Is.EqualTo(PaymentNeeds.Required));
        Assert.That(failing.DeveloperSync, Is.EqualTo(SyncStatuses.NotStarted));
    }

    [TestCase("not_evaluated", "market_payment")]
    [TestCase("required", "market_payment")]
    [TestCase("required_but_pending", "market_payment")]
    [TestCase("error_no_record", "market_payment")]
    [TestCase("error_need_resign", "resign")]
    public void Start_payment_asks_for_a_signature(string signature, string kind)
    {
        var purchase = Purchases.With(signature: signature, jws: "old");

        var step = purchase.StartPayment(Now);

        Assert.That(step.SignRequest, Is.EqualTo(kind == "resign" ? SignRequestKind.Resign : SignRequestKind.Sign));
        Assert.That(step.Push, Is.EqualTo(PurchaseStatuses.SignatureRequired));
        Assert.That(purchase.SignatureStatus, Is.EqualTo(SignatureStatuses.Required));
        Assert.That(purchase.LarePassSync, Is.EqualTo(SyncStatuses.InProgress));
    }

    [Test]
    public void Start_payment_of_a_signed_purchase_asks_to_pay_once()
    {
        var purchase = Purchases.With(signature: SignatureStatuses.RequiredAndSigned, jws: "j");

        var first = purchase.StartPayment(Now);
        var second = purchase.StartPayment(Now);

        Assert.That(first, Is.EqualTo(new PurchaseStep(Push: PurchaseStatuses.PaymentRequired)));
        Assert.That(purchase.PaymentStatus, Is.EqualTo(PaymentProgress.NotificationSent));
        Assert.That(second.IsNothing, Is.True);
    }

    [Test]
    public void Start_payment_leaves_a_retry_and_a_confirmed_purchase_alone()
    {
        var retry = Purchases.With(signature: SignatureStatuses.ErrorNoRecord, payment: PaymentProgress.NotificationSent, jws: "j");
        Assert.That(retry.StartPayment(Now).IsNothing, Is.True);
        Assert.That(retry.SignatureStatus, Is.EqualTo(SignatureStatuses.ErrorNoRecord));

        var bought = Purchases.With(signature: SignatureStatuses.RequiredAndSigned, developerSync: SyncStatuses.Completed, jws: "j", vc: "vc");
        Assert.That(bought.StartPayment(Now).IsNothing, Is.True);
    }

    [Test]
    public void A_signature_asks_to_pay_and_queries_once_but_does_not_poll_before_the_payment()
    {
        var purchase = Purchases.Fresh();
        purchase.StartPayment(Now);

        var step = purchase.SignatureSubmitted("jws", "{}", 20, Now);

        Assert.That(step, Is.EqualTo(new PurchaseStep(Push: PurchaseStatuses.PaymentRequired, QueryVcOnce: true)));
        Assert.That(purchase.SignatureStatus, Is.EqualTo(SignatureStatuses.RequiredAndSigned));
        Assert.That(purchase.LarePassSync, Is.EqualTo(SyncStatuses.Completed));
        Assert.That(purchase.PaymentStatus, Is.EqualTo(PaymentProgress.NotificationSent));
        Assert.That(purchase.PollAttemptsLeft, Is.Zero);
        Assert.That(purchase.SignatureSubmitted("jws", "{}", 20, Now).IsNothing, Is.True, "a replay changes nothing");
    }

    [Test]
    public void Reporting_the_payment_starts_polling_and_a_newer_report_restarts_it()
    {
        var purchase = Purchases.Fresh();
        purchase.StartPayment(Now);
        purchase.SignatureSubmitted("jws", "{}", 20, Now);

        var step = purchase.PaymentCompleted("0xtx", "market.alice.olares.com", 3, Now);

        Assert.That(step.Push, Is.EqualTo(PurchaseStatuses.WaitingDeveloperConfirmation));
        Assert.That(purchase.PaymentStatus, Is.EqualTo(PaymentProgress.FrontendCompleted));
        Assert.That(purchase.TxHash, Is.EqualTo("0xtx"));
        Assert.That(purchase.PollAttemptsLeft, Is.EqualTo(3));
        Assert.That(purchase.DeveloperSync, Is.EqualTo(SyncStatuses.InProgress));
        Assert.That(purchase.TryLeasePoll("host-a", Now, Now.AddMinutes(1)), Is.True);
        Assert.That(purchase.TryLeasePoll("host-b", Now, Now.AddMinutes(1)), Is.False, "one poller per purchase");
        Assert.That(purchase.PollAttempted(TimeSpan.FromSeconds(5), Now), Is.False);
        Assert.That(purchase.PollAttemptsLeft, Is.EqualTo(2));
        Assert.That(purchase.PollDueAt, Is.EqualTo(Now.AddSeconds(5)));
        Assert.That(purchase.TryLeasePoll("host-b", Now, Now.AddMinutes(1)), Is.False, "not due yet");

        purchase.PaymentCompleted("0xtx2", null, 3, Now);
        Assert.That(purchase.PollAttemptsLeft, Is.EqualTo(3));
        Assert.That(purchase.PollDueAt, Is.EqualTo(Now));
    }

    [Test]
    public void A_vc_confirms_the_purchase_and_stops_polling()
    {
        var purchase = Purchases.Fresh();
        purchase.StartPayment(Now);
        purchase.SignatureSubmitted("jws", "{}", 20, Now);
        purchase.FrontendStarted("""{"txHash":"0x"}""", Now);
        purchase.PaymentCompleted("0xtx", null, 20, Now);

        var step = purchase.VcReceived("vc.jwt", Now);

        Assert.That(step, Is.EqualTo(new PurchaseStep(Push: PurchaseStatuses.Purchased, SaveVc: true)));
        Assert.That(purchase.IsConfirmed, Is.True);
        Assert.That(purchase.PaymentStatus, Is.EqualTo(PaymentProgress.DeveloperConfirmed));
        Assert.That(purchase.FrontendDataJson, Is.Null);
        Assert.That(purchase.PollAttemptsLeft, Is.Zero);
        Assert.That(purchase.VcReceived("vc.jwt", Now).IsNothing, Is.True);
        var error = Assert.Throws<DomainException>(() => purchase.FrontendStarted(null, Now));
        Assert.That(error!.Message, Is.EqualTo("already purchased, ready to install"));
        Assert.That(purchase.PaymentCompleted("0xother", null, 20, Now).IsNothing, Is.True, "a confirmed purchase does not go back");
    }

    [Test]
    public void No_record_only_counts_at_the_last_attempt()
    {
        var purchase = Purchases.Fresh();
        purchase.StartPayment(Now);
        purchase.SignatureSubmitted("jws", "{}", 20, Now);
        purchase.PaymentCompleted("0xtx", null, 20, Now);

        Assert.That(purchase.VcNoRecord(final: false, Now).IsNothing, Is.True);
        Assert.That(purchase.SignatureStatus, Is.EqualTo(SignatureStatuses.RequiredAndSigned));

        var step = purchase.VcNoRecord(final: true, Now);
        Assert.That(step.Push, Is.EqualTo(PurchaseStatuses.PaymentRetryRequired));
        Assert.That(purchase.SignatureStatus, Is.EqualTo(SignatureStatuses.ErrorNoRecord));
        Assert.That(purchase.DeveloperSync, Is.EqualTo(SyncStatuses.Completed));
        Assert.That(purchase.PollAttemptsLeft, Is.Zero);
        Assert.That(PaymentStatusRules.StatusOf(purchase, "prod1"), Is.EqualTo(PurchaseStatuses.PaymentRetryRequired), "not waiting forever");

        // Paying again is the way out: polling restarts.
        purchase.PaymentCompleted("0xtx2", null, 20, Now);
        Assert.That(purchase.SignatureStatus, Is.EqualTo(SignatureStatuses.RequiredAndSigned));
        Assert.That(purchase.PollAttemptsLeft, Is.EqualTo(20));
    }

    [Test]
    public void No_record_before_any_payment_notice_is_signature_no_record()
    {
        var purchase = Purchases.With(signature: SignatureStatuses.RequiredAndSigned, jws: "j");
        Assert.That(purchase.VcNoRecord(final: true, Now).Push, Is.EqualTo(PurchaseStatuses.SignatureNoRecord));
    }

    [Test]
    public void A_payment_reported_after_the_jws_was_refused_still_asks_to_sign_again_and_the_new_signature_polls()
    {
        var purchase = Purchases.Fresh();
        purchase.StartPayment(Now);
        purchase.SignatureSubmitted("jws", "{}", 20, Now);
        purchase.VcNeedsResign(Now); // the single query after signing: the developer refused the JWS

        var step = purchase.PaymentCompleted("0xtx", null, 20, Now);

        Assert.That(step.Push, Is.EqualTo(PurchaseStatuses.SignatureNeedResign));
        Assert.That(purchase.TxHash, Is.EqualTo("0xtx"));
        Assert.That(purchase.PollAttemptsLeft, Is.Zero, "polling the refused JWS cannot confirm anything");
        Assert.That(PaymentStatusRules.StatusOf(purchase, "prod1"), Is.EqualTo(PurchaseStatuses.SignatureNeedResign), "not waiting forever");

        Assert.That(purchase.StartPayment(Now).SignRequest, Is.EqualTo(SignRequestKind.Resign));
        purchase.SignatureSubmitted("jws2", "{}", 20, Now);
        Assert.That(purchase.PollAttemptsLeft, Is.EqualTo(20), "the payment is known: the new signature goes straight to polling");
    }

    [Test]
    public void A_refused_jws_needs_a_new_signature_with_is_resign()
    {
        var purchase = Purchases.With(signature: SignatureStatuses.RequiredAndSigned, jws: "j");
        purchase.PaymentCompleted("0xtx", null, 20, Now);

        Assert.That(purchase.VcNeedsResign(Now).Push, Is.EqualTo(PurchaseStatuses.SignatureNeedResign));
        Assert.That(purchase.SignatureStatus, Is.EqualTo(SignatureStatuses.ErrorNeedResign));
        Assert.That(PaymentStatusRules.StatusOf(purchase, "prod1"), Is.EqualTo(PurchaseStatuses.SignatureNeedResign), "not waiting forever");

        var step = purchase.StartPayment(Now);
        Assert.That(step.SignRequest, Is.EqualTo(SignRequestKind.Resign));
        Assert.That(purchase.Jws, Is.Null);
        Assert.That(purchase.SignBody, Is.Null);

        // After the user paid, the new signature goes straight to polling.
        Assert.That(purchase.SignatureSubmitted("j2", "{}", 5, Now).IsNothing, Is.True);
        Assert.That(purchase.PollAttemptsLeft, Is.EqualTo(5));
    }

    [Test]
    public void Failed_queries_end_in_developer_sync_failed_at_the_last_attempt()
    {
        var purchase = Purchases.With(signature: SignatureStatuses.RequiredAndSigned, payment: PaymentProgress.FrontendCompleted, jws: "j", developerSync: SyncStatuses.InProgress);
        purchase.VcQueryFailed(final: false, Now);
        Assert.That(purchase.DeveloperSync, Is.EqualTo(SyncStatuses.InProgress));
        purchase.VcQueryFailed(final: true, Now);
        Assert.That(purchase.DeveloperSync, Is.EqualTo(SyncStatuses.Failed));
    }

    [TestCase("required_and_signed", "j", "syncing", "Restore purchase started, polling for VC")]
    [TestCase("not_evaluated", null, "signature_required", "Signature required for restore purchase, please sign and wait for callback")]
    [TestCase("required", null, "signature_required", "Signature required for restore purchase, please sign and wait for callback")]
    [TestCase("error_need_resign", "j", "signature_required", "Signature invalid, re-signing for restore purchase")]
    [TestCase("error_no_record", "j", "signature_no_record", "No payment record found, cannot restore purchase")]
    [TestCase("required_and_signed", null, "syncing", "Restore purchase in progress")]
    public void Restore(string signature, string? jws, string status, string message)
    {
        var purchase = Purchases.With(signature: signature, jws: jws);

        var (_, gotStatus, gotMessage) = purchase.Restore(20, Now);

        Assert.That((gotStatus, gotMessage), Is.EqualTo((status, message)));
    }

    [Test]
    public void Restore_of_a_confirmed_purchase_says_so_and_a_signed_restore_polls()
    {
        var bought = Purchases.With(signature: SignatureStatuses.RequiredAndSigned, developerSync: SyncStatuses.Completed, jws: "j", vc: "vc");
        Assert.That(bought.Restore(20, Now).Status, Is.EqualTo(PurchaseStatuses.Purchased));

        var fresh = Purchases.Fresh();
        var (step, _, _) = fresh.Restore(20, Now);
        Assert.That(step.SignRequest, Is.EqualTo(SignRequestKind.Sign));
        Assert.That(fresh.PaymentStatus, Is.EqualTo(PaymentProgress.NotificationSent));
        Assert.That(fresh.SignatureSubmitted("j", "{}", 20, Now).IsNothing, Is.True);
        Assert.That(fresh.PollAttemptsLeft, Is.EqualTo(20), "a restore polls right after signing");
    }

    [Test]
    public void A_fetched_signature_is_kept_and_queried_once_an_unsigned_answer_requires_one()
    {
        var purchase = Purchases.Fresh();
        Assert.That(purchase.SignatureFetched(true, "j", "{}", Now), Is.EqualTo(new PurchaseStep(QueryVcOnce: true)));
        Assert.That(purchase.Jws, Is.EqualTo("j"));

        var unsigned = Purchases.Fresh();
        Assert.That(unsigned.SignatureFetched(false, null, "{}", Now).IsNothing, Is.True);
        Assert.That(unsigned.SignatureStatus, Is.EqualTo(SignatureStatuses.Required));
        Assert.That(unsigned.LarePassSync, Is.EqualTo(SyncStatuses.Completed));
    }

    [Test]
    public void Every_change_bumps_the_row_version()
    {
        var purchase = Purchases.Fresh();
        var before = purchase.RowVersion;
        purchase.StartPayment(Now);
        Assert.That(purchase.RowVersion, Is.GreaterThan(before));
    }
}
