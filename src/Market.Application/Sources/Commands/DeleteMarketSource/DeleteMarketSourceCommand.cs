using Market.Application.Sources.Models;
using Mediator;

namespace Market.Application.Sources.Commands.DeleteMarketSource;

/// <summary>Removes an admin-added source with its catalog; built-in sources stay.</summary>
public sealed record DeleteMarketSourceCommand(string Id) : ICommand<MarketSourcesConfigDto>;
