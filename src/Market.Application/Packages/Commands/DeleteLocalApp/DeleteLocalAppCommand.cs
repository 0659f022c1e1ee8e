using Market.Application.Packages.Models;
using Mediator;

namespace Market.Application.Packages.Commands.DeleteLocalApp;

/// <summary>Removes every uploaded version of an app from a local source (default <c>upload</c>); only its owner can.</summary>
public sealed record DeleteLocalAppCommand(string User, string? AppName, string? AppVersion, string? Source) : ICommand<DeletedLocalAppDto>;
