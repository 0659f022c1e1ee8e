using Mediator;

namespace Market.Application.History.Commands.PurgeHistory;

/// <summary>Deletes audit records older than <paramref name="RetentionMonths"/> calendar months; answers how many went.</summary>
public sealed record PurgeHistoryCommand(int RetentionMonths = 1) : ICommand<int>;
