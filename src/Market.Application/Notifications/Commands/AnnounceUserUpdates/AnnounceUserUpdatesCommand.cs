using Market.Application.Common.Interfaces;
using Mediator;

namespace Market.Application.Notifications.Commands.AnnounceUserUpdates;

/// <summary>
/// <c>update_available</c> for one subscriber: each offered update not announced yet gets its announcement and its
/// outbox row, together. Another replica announcing the same (user, app, version) first breaks the unique index; the
/// unit of work runs this again, and the second run finds those announced. Answers how many this run announced.
/// </summary>
public sealed record AnnounceUserUpdatesCommand(string User) : ICommand<int>, IRetryOnConflict;
