using Mediator;

namespace Market.Application.Notifications.Commands.AnnounceUpdates;

/// <summary>
/// One scan for <c>update_available</c>: every subscriber's installed apps with a newer version offered (the update
/// centre's own answer: not held, not skipped) that was not announced yet. Answers how many were announced.
/// </summary>
public sealed record AnnounceUpdatesCommand : ICommand<int>;
