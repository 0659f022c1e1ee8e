using Mediator;

namespace Market.Application.Preinstall.Commands.RunPreinstall;

/// <summary>One pass over the preinstall folder: every declaration validated, every undecided app decided or retried. Answers how many decisions it made.</summary>
public sealed record RunPreinstallCommand : ICommand<int>;
