using Market.Application.Updates.Models;
using Mediator;

namespace Market.Application.Updates.Commands.HoldUpdates;

/// <summary><c>PUT /updates/{app_name}/hold {held}</c>: hold (or release) every update of one installed app.</summary>
public sealed record HoldUpdatesCommand(string User, string AppName, bool? Held) : ICommand<UpdateChoiceDto>;
