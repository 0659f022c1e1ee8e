namespace Market.Domain.Payments;

/// <summary>A key of this installation generated once and shared by every replica (e.g. the callback ticket key). Secret.</summary>
public class PaymentKey
{
    private PaymentKey()
    {
    }

    public PaymentKey(string name, string value, DateTime now)
    {
        Name = name;
        Value = value;
        CreatedAt = now;
    }

    public const string CallbackTicket = "callback_ticket";

    public string Name { get; private set; } = string.Empty;

    public string Value { get; private set; } = string.Empty;

    public DateTime CreatedAt { get; private set; }
}
