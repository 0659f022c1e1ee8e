using Market.Application.Settings.Models;
using Mediator;

namespace Market.Application.Settings.Commands.UpdateMarketSettings;

/// <summary>Selects the caller's remote source and NSFW preference. An omitted <c>nsfw</c> means false.</summary>
public sealed record UpdateMarketSettingsCommand(string User, string? SelectedSource, bool Nsfw) : ICommand<MarketSettingsDto>;
