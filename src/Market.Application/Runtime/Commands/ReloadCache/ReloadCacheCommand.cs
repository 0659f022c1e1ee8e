using Market.Application.Common.Interfaces;
using Mediator;

namespace Market.Application.Runtime.Commands.ReloadCache;

/// <summary>
/// <c>POST /reload</c>: every replica drops its cached market views so they are rebuilt from the database.
/// Sent as a broadcast event so that all replicas (not only the one answering) forget what they hold.
/// </summary>
public sealed record ReloadCacheCommand : ICommand<Unit>;

public sealed class ReloadCacheCommandHandler(IMarketEventBus events) : ICommandHandler<ReloadCacheCommand, Unit>
{
    public async ValueTask<Unit> Handle(ReloadCacheCommand command, CancellationToken cancellationToken)
    {
        await events.PublishAsync(RuntimeEvents.CacheReload(), cancellationToken);
        return Unit.Value;
    }
}
