using System.Reflection;
using Market.Application.Common.Interfaces;
using Market.Application.Payments;
using Market.Domain.Payments;
using Moq;

namespace Market.Application.Tests.Payments;

/// <summary>A callback ticket names one purchase of one user; anything else is refused.</summary>
public sealed class CallbackTicketsTests
{
    private static readonly DateTime Now = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private CallbackTickets _tickets = null!;

    [SetUp]
    public void SetUp()
    {
        var keys = new Mock<IPaymentKeys>();
        keys.Setup(k => k.GetCallbackKeyAsync(It.IsAny<CancellationToken>())).ReturnsAsync("0123456789abcdef0123456789abcdef"u8.ToArray());
        _tickets = new CallbackTickets(keys.Object);
    }

    private static Purchase PurchaseOf(string user, long id, string product = "p1")
    {
        var purchase = Purchase.Start(user, "s", "a", "n", product, "dev", Now);
        typeof(Purchase).GetProperty(nameof(Purchase.Id), BindingFlags.Public | BindingFlags.Instance)!.SetValue(purchase, id);
        return purchase;
    }

    [Test]
    public async Task A_ticket_verifies_for_its_user_and_purchase_only()
    {
        var alice = PurchaseOf("alice", 7);
        var ticket = await _tickets.IssueAsync(alice, CancellationToken.None);

        Assert.That(CallbackTickets.PurchaseIdOf(ticket), Is.EqualTo(7));
        Assert.That(await _tickets.VerifyAsync(ticket, "alice", alice, CancellationToken.None), Is.True);
        Assert.That(await _tickets.VerifyAsync(ticket, "bob", alice, CancellationToken.None), Is.False, "another user");
        Assert.That(await _tickets.VerifyAsync(ticket, "alice", PurchaseOf("alice", 8), CancellationToken.None), Is.False, "another purchase");
        Assert.That(await _tickets.VerifyAsync(ticket, "alice", PurchaseOf("alice", 7, "p2"), CancellationToken.None), Is.False, "another product");
        Assert.That(await _tickets.VerifyAsync(ticket[..^1] + (ticket[^1] == 'A' ? 'B' : 'A'), "alice", alice, CancellationToken.None), Is.False, "tampered");
        Assert.That(await _tickets.VerifyAsync(null, "alice", alice, CancellationToken.None), Is.False, "missing");
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("abc")]
    [TestCase(".sig")]
    [TestCase("-1.sig")]
    public void Malformed_tickets_name_no_purchase(string? ticket) => Assert.That(CallbackTickets.PurchaseIdOf(ticket), Is.Null);

    [Test]
    public void The_callback_url_escapes_the_ticket() =>
        Assert.That(CallbackTickets.CallbackUrl("market.alice.olares.com", SignRequests.SubmitRoute, "1.a+b"),
            Is.EqualTo("https://market.alice.olares.com/app-store/api/v2/payment/submit-signature?ticket=1.a%2Bb"));
}
