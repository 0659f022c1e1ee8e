namespace Market.Domain.Payments;

/// <summary>What LarePass must be asked after a transition.</summary>
public enum SignRequestKind
{
    None,
    Sign,
    Resign,
}

/// <summary>
/// The side effects a transition asks for, carried out by the application once the new state is stored:
/// a LarePass sign request, one push to the owner, a single VC query (to find an earlier purchase),
/// handing the VC to LarePass. Repeated polling is state of the purchase itself (<see cref="Purchase.PollAttemptsLeft"/>).
/// </summary>
public sealed record PurchaseStep(
    SignRequestKind SignRequest = SignRequestKind.None,
    string? Push = null,
    bool QueryVcOnce = false,
    bool SaveVc = false)
{
    public static readonly PurchaseStep Nothing = new();

    public bool IsNothing => this == Nothing;
}
