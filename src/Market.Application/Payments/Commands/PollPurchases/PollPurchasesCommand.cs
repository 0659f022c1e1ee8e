using Mediator;

namespace Market.Application.Payments.Commands.PollPurchases;

/// <summary>
/// One round of VC polling by host <see cref="Owner"/>: every purchase whose next attempt is due and
/// whose lease is free is leased (one replica wins), the developer is asked once, and the verdict or the
/// next attempt is stored. Returns how many purchases were polled.
/// </summary>
public sealed record PollPurchasesCommand(string Owner) : ICommand<int>;
