using Market.Domain.Payments;

namespace Market.Domain.Tests.Payments;

/// <summary>The purchase / frontend-start answer of §3.10.2, rule by rule (first match wins).</summary>
public sealed class PurchaseAnswerRulesTests
{
    private const PurchaseAnswerParts Both = PurchaseAnswerParts.PaymentData | PurchaseAnswerParts.FrontendData;

    [TestCase("required", "developer_confirmed", "completed", null, "vc", "signature_required", null, PurchaseAnswerParts.None)]
    [TestCase("required_but_pending", "not_evaluated", "not_started", null, null, "signature_required", null, PurchaseAnswerParts.None)]
    [TestCase("required_and_signed", "developer_confirmed", "completed", "j", "vc", "purchased", "already purchased, ready to install", PurchaseAnswerParts.None)]
    [TestCase("required_and_signed", "frontend_completed", "in_progress", "j", null, "waiting_developer_confirmation", "payment completed, waiting for developer confirmation", PurchaseAnswerParts.FrontendData)]
    [TestCase("error_no_record", "notification_sent", "completed", "j", null, "payment_retry_required", "developer has no matching payment record, please retry payment", Both)]
    [TestCase("error_no_record", "frontend_started", "completed", "j", null, "payment_retry_required", "developer has no matching payment record, please retry payment", Both)]
    [TestCase("error_no_record", "notification_sent", "completed", null, null, "signature_no_record", "developer has no matching payment record, please retry payment", PurchaseAnswerParts.None)]
    [TestCase("error_no_record", "not_evaluated", "completed", "j", null, "signature_no_record", "developer has no matching payment record, please retry payment", PurchaseAnswerParts.None)]
    [TestCase("error_need_resign", "notification_sent", "completed", "j", null, "signature_need_resign", "signature invalid or expired, please re-sign to continue", PurchaseAnswerParts.None)]
    [TestCase("required_and_signed", "frontend_started", "not_started", "j", null, "payment_required", null, Both)]
    [TestCase("not_evaluated", "notification_sent", "not_started", "j", null, "payment_required", null, Both)]
    [TestCase("not_evaluated", "frontend_started", "not_started", null, null, "payment_frontend_started", null, PurchaseAnswerParts.FrontendData)]
    [TestCase("not_evaluated", "not_evaluated", "not_started", null, null, "syncing", "synchronizing payment state", PurchaseAnswerParts.None)]
    public void Answer_for_a_purchase(string signature, string payment, string developerSync, string? jws, string? vc, string status, string? message, PurchaseAnswerParts parts)
    {
        var answer = PurchaseAnswerRules.AnswerFor(Purchases.With(signature, payment, developerSync, jws, vc));

        Assert.That(answer, Is.EqualTo(new PurchaseAnswer(status, message, parts)));
    }
}
