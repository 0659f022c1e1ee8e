using Market.Application.Common.Interfaces;
using Market.Application.Updates.Models;
using Market.Domain.Tasks;
using Market.Domain.Updates;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Updates;

/// <summary>A batch as its caller sees it: each app's task status and the version now installed, read live.</summary>
public sealed class UpdateBatchReader(IMarketDbContext db)
{
    /// <summary>An app that did not start shows this status (with its reason in <c>error</c>).</summary>
    public const string NotStarted = "not_started";

    public async Task<UpdateBatchDto> DescribeAsync(UpdateBatch batch, CancellationToken cancellationToken)
    {
        var items = batch.Items;
        var taskIds = items.Where(i => i.TaskId is not null).Select(i => i.TaskId!).ToList();
        var tasks = await db.AppTasks.AsNoTracking().Where(t => taskIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, cancellationToken);
        var names = items.Select(i => i.AppName).ToList();
        var versions = await db.UserApps.AsNoTracking().Where(a => a.UserId == batch.UserId && names.Contains(a.AppName))
            .ToDictionaryAsync(a => a.AppName, a => a.InstalledVersion, cancellationToken);
        var described = items.Select(i =>
        {
            var task = i.TaskId is null ? null : tasks.GetValueOrDefault(i.TaskId);
            return new UpdateBatchItemDto(
                i.AppName, i.FromVersion, i.ToVersion, i.TaskId, task?.Status.ToWire() ?? NotStarted,
                versions.GetValueOrDefault(i.AppName), i.Error ?? task?.Error);
        }).ToList();
        return new UpdateBatchDto(batch.Id, StatusOf(described), batch.CreatedAt, described);
    }

    /// <summary>running while any task is; completed when every app upgraded; else partial (some did) or failed (none did).</summary>
    private static string StatusOf(IReadOnlyList<UpdateBatchItemDto> items)
    {
        if (items.Any(i => TaskStatuses.Wire.TryParse(i.Status, out var status) && status.IsActive()))
        {
            return AppTaskStatus.Running.ToWire();
        }

        var completed = items.Count(i => i.Status == AppTaskStatus.Completed.ToWire());
        return completed == items.Count ? AppTaskStatus.Completed.ToWire() : completed > 0 ? "partial" : AppTaskStatus.Failed.ToWire();
    }
}
