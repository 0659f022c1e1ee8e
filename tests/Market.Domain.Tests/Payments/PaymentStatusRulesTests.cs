using Market.Domain.Payments;

namespace Market.Domain.Tests.Payments;

/// <summary>The user-facing status of §3.10.1, rule by rule (first match wins).</summary>
public sealed class PaymentStatusRulesTests
{
    [TestCase("required_and_signed", "developer_confirmed", "completed", "j", "vc", "purchased")]
    [TestCase("required_and_signed", "frontend_completed", "in_progress", "j", null, "waiting_developer_confirmation")]
    [TestCase("required_and_signed", "frontend_started", "not_started", "j", null, "payment_frontend_started")]
    [TestCase("required_and_signed", "notification_sent", "not_started", "j", null, "payment_required")]
    [TestCase("error_need_resign", "notification_sent", "completed", "j", null, "signature_need_resign")]
    [TestCase("error_no_record", "notification_sent", "completed", "j", null, "payment_retry_required")]
    [TestCase("required", "notification_sent", "not_started", "j", null, "payment_required")]
    [TestCase("required", "notification_sent", "not_started", null, null, "notification_sent")]
    [TestCase("required_and_signed", "not_evaluated", "not_started", "j", null, "payment_required")]
    [TestCase("required", "not_evaluated", "not_started", null, null, "signature_required")]
    [TestCase("required_but_pending", "not_notified", "not_started", null, null, "signature_required")]
    [TestCase("error_no_record", "not_evaluated", "completed", null, null, "signature_no_record")]
    [TestCase("error_need_resign", "not_evaluated", "completed", null, null, "signature_need_resign")]
    [TestCase("not_evaluated", "not_evaluated", "not_started", null, null, "not_buy")]
    [TestCase("required_and_signed", "developer_confirmed", "in_progress", "j", "vc", "payment_required")]
    public void Status_of_a_purchase(string signature, string payment, string developerSync, string? jws, string? vc, string expected)
    {
        var purchase = Purchases.With(signature, payment, developerSync, jws, vc);

        Assert.That(PaymentStatusRules.StatusOf(purchase, "prod1"), Is.EqualTo(expected));
    }

    [Test]
    public void No_purchase_is_not_buy_and_no_product_is_not_evaluated()
    {
        Assert.That(PaymentStatusRules.StatusOf(null, "prod1"), Is.EqualTo("not_buy"));
        Assert.That(PaymentStatusRules.StatusOf(Purchases.Fresh(), string.Empty), Is.EqualTo("not_evaluated"));
    }

    [TestCase("free", "This is a free app")]
    [TestCase("purchased", "App is already purchased")]
    [TestCase("waiting_developer_confirmation", "Payment completed on frontend, waiting for developer confirmation")]
    [TestCase("payment_frontend_started", "Frontend preparing on-chain payment")]
    [TestCase("payment_required", "Payment required")]
    [TestCase("payment_retry_required", "Developer has no matching payment record, please retry payment")]
    [TestCase("notification_sent", "Payment notification sent")]
    [TestCase("signature_required", "Signature required")]
    [TestCase("signature_no_record", "Developer has no matching payment record, please retry payment")]
    [TestCase("signature_need_resign", "Signature invalid or expired, please re-sign to continue")]
    [TestCase("not_buy", "Payment not started")]
    [TestCase("not_notified", "Payment not started")]
    [TestCase("not_evaluated", "Payment status not evaluated")]
    [TestCase("something_else", "Payment status updated")]
    public void Message_of_a_status(string status, string message) =>
        Assert.That(PaymentStatusRules.MessageOf(status), Is.EqualTo(message));
}
