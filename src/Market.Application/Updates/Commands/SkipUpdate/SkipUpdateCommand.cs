using Market.Application.Updates.Models;
using Mediator;

namespace Market.Application.Updates.Commands.SkipUpdate;

/// <summary><c>PUT /updates/{app_name}/skip {version}</c>: stop offering one release (an empty version clears the skip).</summary>
public sealed record SkipUpdateCommand(string User, string AppName, string? Version) : ICommand<UpdateChoiceDto>;
