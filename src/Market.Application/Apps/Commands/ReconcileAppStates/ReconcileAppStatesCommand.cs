using Mediator;

namespace Market.Application.Apps.Commands.ReconcileAppStates;

/// <summary>
/// app-service's current list (<c>GET /app-service/v1/all/apps</c>) to correct the stored states with, after
/// start and every NATS reconnect (original-data-and-sync §10.4): whatever was announced while we were away.
/// <paramref name="ListedAt"/> is when the list was asked for: an app changed since then (an install that
/// just finished) is newer than the list and left alone. Returns how many apps were corrected.
/// </summary>
public sealed record ReconcileAppStatesCommand(IReadOnlyList<RuntimeAppEntry> Apps, DateTime ListedAt) : ICommand<int>;

/// <summary>One app as app-service lists it (system apps already left out).</summary>
public sealed record RuntimeAppEntry(string User, string Name, string OpType, string State, IReadOnlyDictionary<string, string>? EntranceStates);
