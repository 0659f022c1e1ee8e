using Market.Application.Catalog.Commands.SyncMarketSource;
using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Market.Application.Sources.Queries.GetSourceSyncStatus;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Market.Application.Sources.Commands.SyncMarketSourceNow;

public sealed class SyncMarketSourceNowCommandHandler(
    IMarketDbContext db,
    ISender sender,
    IHotStateStore hotState,
    IOptionsMonitor<SourcesOptions> options,
    TimeProvider clock) : ICommandHandler<SyncMarketSourceNowCommand, SourceSyncAnswerDto>
{
    /// <summary>How long "sync now" waits for a cycle another replica (or the scheduler) is running.</summary>
    public static readonly TimeSpan WaitForRunningCycle = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan RetryLock = TimeSpan.FromMilliseconds(200);

    public async ValueTask<SourceSyncAnswerDto> Handle(SyncMarketSourceNowCommand command, CancellationToken cancellationToken)
    {
        var source = await db.MarketSources.AsNoTracking().FirstOrDefaultAsync(s => s.Id == command.SourceId, cancellationToken)
            ?? throw new NotFoundException($"Market source '{command.SourceId}' not found");
        if (!source.IsRemote)
        {
            throw new BadRequestException($"Market source '{source.Id}' is a local source; only remote sources are synced");
        }

        var deadline = clock.GetUtcNow() + WaitForRunningCycle;
        var result = await sender.Send(new SyncMarketSourceCommand(source.Id), cancellationToken);
        while (result.Outcome == SourceSyncOutcome.Skipped && clock.GetUtcNow() < deadline)
        {
            // Another cycle holds the source's lock; ours starts as soon as it ends.
            await Task.Delay(RetryLock, clock, cancellationToken);
            result = await sender.Send(new SyncMarketSourceCommand(source.Id), cancellationToken);
        }

        if (result.Outcome == SourceSyncOutcome.Skipped)
        {
            throw new ConflictException($"A sync of market source '{source.Id}' is already running");
        }

        var health = await SourceHealthReader.ReadAsync(db, hotState, options.CurrentValue, clock.GetUtcNow().UtcDateTime, source.Id, cancellationToken);
        return new SourceSyncAnswerDto(source.Id, SourceSyncOutcomes.Wire(result.Outcome), result.Changed, result.AppCount, result.Error, health.Count > 0 ? health[0] : null);
    }
}
