using Mediator;

namespace Market.Application.Apps.Commands.RollbackApp;

/// <summary>The engine saw upgrade <paramref name="UpgradeTaskId"/> fail after the runtime accepted it: go back by itself.</summary>
public sealed record RollbackAfterFailureCommand(string UpgradeTaskId) : ICommand<string?>;
