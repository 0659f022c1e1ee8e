using Market.Application.Common.Interfaces;
using Mediator;

namespace Market.Application.Apps.Commands.ApplyAppStateEvent;

/// <summary>
/// One app-service state announcement (<c>AppStateMessage</c> of original-data-and-sync §10.1) to apply to
/// the user's app with the original's rules (§10.2). <see cref="CreateTime"/> is the raw text: an
/// unparsable one drops the message.
/// </summary>
public sealed record ApplyAppStateEventCommand : ICommand<AppStateEventOutcome>, IRetryOnConflict
{
    public string User { get; init; } = string.Empty;

    public string MarketSource { get; init; } = string.Empty;

    public string Name { get; init; } = string.Empty;

    public string RawAppName { get; init; } = string.Empty;

    public string CreateTime { get; init; } = string.Empty;

    public string OpId { get; init; } = string.Empty;

    public string OpType { get; init; } = string.Empty;

    public string State { get; init; } = string.Empty;

    public string? Progress { get; init; }

    public string? Reason { get; init; }

    public string? Message { get; init; }

    /// <summary>Entrance name → state; null when the announcement carried none (ours are kept).</summary>
    public IReadOnlyDictionary<string, string>? EntranceStates { get; init; }
}

/// <summary>What became of an announcement.</summary>
public enum AppStateEventOutcome
{
    /// <summary>Written and pushed.</summary>
    Applied,

    /// <summary>Missing user/source/name/rawAppName, unparsable createTime or an unknown state: dropped like the original.</summary>
    Invalid,

    /// <summary>No such user app (system apps, apps outside Market's sources): nothing written.</summary>
    UnknownApp,

    /// <summary>Not newer than the last announcement applied.</summary>
    Stale,
}
