using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Market.Application.Apps.Commands.UpgradeApp;
using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Market.Application.Updates.Commands.RecordUpdateBatch;
using Market.Application.Updates.Models;
using Market.Domain.Common;
using Market.Domain.Updates;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Market.Application.Updates.Commands.ApplyUpdates;

/// <summary>
/// Starts the batch: every named (or every offered) app is upgraded to its newest version through the
/// ordinary upgrade use case, each in its own scope (so one app's refusal leaves the others' work intact),
/// at most Market:Updates:ApplyConcurrency at once. Each upgrade carries a key derived from the batch's,
/// so a repeated request, even one racing the first, starts no app twice.
/// </summary>
public sealed class ApplyUpdatesCommandHandler(
    IMarketDbContext db,
    AvailableUpdates available,
    IScopedSender sender,
    UpdateBatchReader reader,
    IMarketEventBus events,
    TimeProvider clock,
    IOptions<UpdatesOptions> options) : ICommandHandler<ApplyUpdatesCommand, UpdateBatchDto>
{
    public async ValueTask<UpdateBatchDto> Handle(ApplyUpdatesCommand command, CancellationToken cancellationToken)
    {
        if (await UpdateBatches.FindAsync(db, command.User, command.IdempotencyKey, cancellationToken) is { } first)
        {
            return await reader.DescribeAsync(first, cancellationToken);
        }

        var batch = UpdateBatch.Open(command.User, command.IdempotencyKey, clock.GetUtcNow().UtcDateTime);
        var updates = await available.FindAsync(command.User, cancellationToken);
        var started = new ConcurrentDictionary<string, (AppUpdateDto Update, string? TaskId, string? Error)>(StringComparer.Ordinal);
        var targets = new List<AppUpdateDto>();
        if (command.All)
        {
            targets.AddRange(updates.Where(u => u.IsOffered));
        }
        else
        {
            foreach (var name in command.Apps!.Select(a => a.Trim()).Distinct(StringComparer.Ordinal))
            {
                var update = updates.FirstOrDefault(u => u.AppName == name);
                if (update is null)
                {
                    batch.Add(name, string.Empty, string.Empty, null, $"No update is available for app {name}");
                }
                else if (update.Held)
                {
                    batch.Add(name, update.InstalledVersion, update.LatestVersion, null, $"Updates of app {name} are held");
                }
                else
                {
                    targets.Add(update);
                }
            }
        }

        var key = command.IdempotencyKey ?? batch.Id;
        await Parallel.ForEachAsync(
            targets,
            new ParallelOptions { MaxDegreeOfParallelism = options.Value.ApplyConcurrency, CancellationToken = cancellationToken },
            async (update, token) => started[update.AppName] = await UpgradeAsync(command.User, update, key, token));
        foreach (var update in targets)
        {
            var (_, taskId, error) = started[update.AppName];
            batch.Add(update.AppName, update.InstalledVersion, update.LatestVersion, taskId, error);
        }

        var recorded = await sender.SendAsync(new RecordUpdateBatchCommand(batch), cancellationToken);
        if (!ReferenceEquals(recorded, batch))
        {
            // A repeat racing the first: its upgrades were the first's (same per-app keys); answer with the first batch.
            return await reader.DescribeAsync(recorded, cancellationToken);
        }

        await events.PublishAsync(UpdateEvents.Changed(command.User, string.Empty), cancellationToken);
        return await reader.DescribeAsync(batch, cancellationToken);
    }

    private async Task<(AppUpdateDto, string?, string?)> UpgradeAsync(string user, AppUpdateDto update, string batchKey, CancellationToken cancellationToken)
    {
        try
        {
            var answer = await sender.SendAsync(
                new UpgradeAppCommand(user, update.Source, update.AppName, update.LatestVersion, Sync: false, Envs: null, AppKey(batchKey, update.AppName)),
                cancellationToken);
            var taskId = answer.Data is IReadOnlyDictionary<string, string> data ? data.GetValueOrDefault("task_id") : null;
            return (update, taskId, taskId is null ? answer.Message : null);
        }
        catch (Exception e) when (e is MarketException or DomainException)
        {
            // This app's refusal (busy, not at rest, not purchased …) is its outcome; the others go on.
            return (update, null, e.Message);
        }
    }

    /// <summary>The upgrade's own key: the batch's key and the app, hashed when too long for the task's column.</summary>
    private static string AppKey(string batchKey, string appName)
    {
        var key = $"updates:{batchKey}:{appName}";
        return key.Length <= 200 ? key : "updates:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }
}
