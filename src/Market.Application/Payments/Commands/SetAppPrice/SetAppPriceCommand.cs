using Mediator;

namespace Market.Application.Payments.Commands.SetAppPrice;

/// <summary>
/// Gives a shared app of a local source its price config (manifests carry none): the demo catalog's paid
/// sample ships one beside its chart. Returns false when nothing changed.
/// </summary>
public sealed record SetAppPriceCommand(string SourceId, string Name, string PriceJson) : ICommand<bool>;
