using Mediator;

namespace Market.Application.History.Commands.RecordUserEvent;

/// <summary>
/// A user event announced by the system (NATS <c>Market:Nats:UserStateSubject</c>, payload
/// <c>{event_type, username, timestamp}</c>): kept as a <c>system</c> history record with the raw message,
/// as the original's user-state watcher does. False when the message names no user.
/// </summary>
public sealed record RecordUserEventCommand(string Username, string RawJson) : ICommand<bool>;
