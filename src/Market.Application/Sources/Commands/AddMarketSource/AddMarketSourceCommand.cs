using Market.Application.Sources.Models;
using Mediator;

namespace Market.Application.Sources.Commands.AddMarketSource;

/// <summary>Adds a remote market source (admins only; checked by the API). The labels name it until its own catalog info does.</summary>
public sealed record AddMarketSourceCommand(
    string? Id,
    string? Name,
    string? Type,
    string? BaseUrl,
    string? Description,
    string? DisplayName = null,
    string? ShortLabel = null,
    string? Icon = null)
    : ICommand<MarketSourcesConfigDto>;
