using System.Globalization;
using Market.Application.Common.Interfaces;
using Market.Application.Runtime.Models;
using Market.Application.Sources.Models;
using Market.Application.Sources.Queries.GetSourceSyncStatus;
using Market.Domain.Apps;
using Market.Domain.Tasks;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Runtime.Queries.GetRuntimeState;

public sealed class GetRuntimeStateQueryHandler(IMarketDbContext db, ISender sender, IRuntimeComponentProbe probe, TimeProvider clock)
    : IQueryHandler<GetRuntimeStateQuery, RuntimeSnapshotDto>
{
    /// <summary>Finished tasks shown (active ones are always all shown), as the original's 100 most recent.</summary>
    public const int RecentTasks = 100;

    /// <summary>Bound on the app rows of one snapshot, newest first.</summary>
    public const int MaxApps = 5000;

    public async ValueTask<RuntimeSnapshotDto> Handle(GetRuntimeStateQuery query, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var filter = Normalize(query);
        var tasks = await LoadTasksAsync(filter, cancellationToken);
        var activeByApp = tasks.Values
            .Where(t => t.Status.IsActive())
            .OrderBy(t => t.Status == AppTaskStatus.Running ? 0 : 1)
            .GroupBy(t => (t.UserId, t.AppName))
            .ToDictionary(g => g.Key, g => new ActiveTask(g.First().Type, g.First().Version));
        var apps = await LoadAppsAsync(filter, activeByApp, cancellationToken);

        var sources = await sender.Send(new GetSourceSyncStatusQuery(), cancellationToken);
        if (filter.SourceId is not null)
        {
            sources = sources.Where(s => s.SourceId == filter.SourceId).ToList();
        }

        var components = await CollectComponentsAsync(sources, now, cancellationToken);
        return new RuntimeSnapshotDto
        {
            Timestamp = Format(now),
            AppStates = apps,
            Tasks = tasks.ToDictionary(t => t.Key, t => ToDto(t.Value, now), StringComparer.Ordinal),
            Components = components,
            Sources = sources,
            Summary = new RuntimeSummaryDto
            {
                TotalApps = apps.Count,
                TotalTasks = tasks.Count,
                PendingTasks = tasks.Values.Count(t => t.Status == AppTaskStatus.Pending),
                RunningTasks = tasks.Values.Count(t => t.Status == AppTaskStatus.Running),
                CompletedTasks = tasks.Values.Count(t => t.Status == AppTaskStatus.Completed),
                FailedTasks = tasks.Values.Count(t => t.Status == AppTaskStatus.Failed),
                HealthyApps = apps.Values.Count(a => a.Health == AppFlowStages.Healthy),
                UnhealthyApps = apps.Values.Count(a => a.Health == AppFlowStages.Unhealthy),
                ActiveComponents = components.Values.Count(c => c.Healthy && c.Status == ComponentStates.Running),
            },
        };
    }

    /// <summary>Trimmed filters; empty ones do not filter.</summary>
    private static GetRuntimeStateQuery Normalize(GetRuntimeStateQuery q) => new(Trim(q.UserId), Trim(q.SourceId), Trim(q.AppName), Trim(q.TaskStatus), Trim(q.TaskType));

    private static string? Trim(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>The newest finished tasks plus every active one. Only the columns shown are read: never the request (it may hold env values).</summary>
    private async Task<Dictionary<string, TaskRow>> LoadTasksAsync(GetRuntimeStateQuery filter, CancellationToken cancellationToken)
    {
        var tasks = db.AppTasks.AsNoTracking();
        if (filter.UserId is not null)
        {
            tasks = tasks.Where(t => t.UserId == filter.UserId);
        }

        if (filter.AppName is not null)
        {
            tasks = tasks.Where(t => t.AppName == filter.AppName);
        }

        if (filter.TaskStatus is not null)
        {
            // A status or type this version does not know matches no task, as the plain string comparison did.
            tasks = TaskStatuses.Wire.TryParse(filter.TaskStatus, out var status) ? tasks.Where(t => t.Status == status) : tasks.Where(t => false);
        }

        if (filter.TaskType is not null)
        {
            tasks = OpTypes.Wire.TryParse(filter.TaskType, out var type) ? tasks.Where(t => t.Type == type) : tasks.Where(t => false);
        }

        var recent = await Project(tasks.OrderByDescending(t => t.CreatedAt).Take(RecentTasks)).ToListAsync(cancellationToken);
        var active = await Project(tasks.Where(AppTask.Active)).ToListAsync(cancellationToken);
        var result = new Dictionary<string, TaskRow>(StringComparer.Ordinal);
        foreach (var row in recent.Concat(active))
        {
            result[row.Id] = row;
        }

        return result;
    }

    private static IQueryable<TaskRow> Project(IQueryable<AppTask> tasks) =>
        tasks.Select(t => new TaskRow(
            t.Id, t.Type, t.Status, t.AppName, t.UserId, t.SourceId, t.Version, t.OperationId, t.Error, t.Attempts,
            t.CreatedAt, t.StartedAt, t.FinishedAt));

    private async Task<Dictionary<string, AppFlowStateDto>> LoadAppsAsync(
        GetRuntimeStateQuery filter, Dictionary<(string UserId, string AppName), ActiveTask> activeByApp, CancellationToken cancellationToken)
    {
        var apps = db.UserApps.AsNoTracking();
        if (filter.UserId is not null)
        {
            apps = apps.Where(a => a.UserId == filter.UserId);
        }

        if (filter.SourceId is not null)
        {
            apps = apps.Where(a => a.SourceId == filter.SourceId);
        }

        if (filter.AppName is not null)
        {
            apps = apps.Where(a => a.AppName == filter.AppName);
        }

        var rows = await apps.OrderByDescending(a => a.UpdatedAt).Take(MaxApps).ToListAsync(cancellationToken);
        var result = new Dictionary<string, AppFlowStateDto>(StringComparer.Ordinal);
        foreach (var app in rows)
        {
            var active = activeByApp.GetValueOrDefault((app.UserId, app.AppName));
            var (stage, health) = AppFlowStages.Of(app.State, active?.Type);
            result[$"{app.UserId}:{app.SourceId}:{app.AppName}"] = new AppFlowStateDto
            {
                AppId = app.AppName,
                AppName = app.AppName,
                UserId = app.UserId,
                SourceId = app.SourceId,
                Stage = stage,
                Version = ShownVersion(app.InstalledVersion, active),
                Health = health,
                LastUpdate = Format(app.UpdatedAt),
                Metadata = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["state"] = app.State,
                    ["op_type"] = app.OpType?.ToWire() ?? string.Empty,
                    ["progress"] = app.Progress,
                    ["raw_app_name"] = app.RawAppName,
                    ["title"] = app.Title,
                    ["reason"] = app.Reason,
                    ["installed_version"] = app.InstalledVersion,
                },
            };
        }

        return result;
    }

    /// <summary>
    /// While an install, clone or upgrade runs, the version being installed: the installed one is empty until the
    /// first install ends and is the old one during an upgrade (it stays in <c>metadata.installed_version</c>).
    /// </summary>
    private static string? ShownVersion(string installed, ActiveTask? active)
    {
        var version = active is { Type: OpType.Install or OpType.Clone or OpType.Upgrade } && active.Version.Length > 0 ? active.Version : installed;
        return version.Length > 0 ? version : null;
    }

    private async Task<Dictionary<string, ComponentStatusDto>> CollectComponentsAsync(
        IReadOnlyList<SourceSyncStatusDto> sources, DateTime now, CancellationToken cancellationToken)
    {
        var checkedAt = Format(now);
        var components = new Dictionary<string, ComponentStatusDto>(StringComparer.Ordinal);
        foreach (var probed in await probe.ProbeAsync(cancellationToken))
        {
            components[probed.Name] = new ComponentStatusDto
            {
                Name = probed.Name,
                Healthy = probed.Healthy,
                Status = probed.Status,
                Metrics = probed.Metrics,
                LastCheck = checkedAt,
                Message = probed.Message,
            };
        }

        var failed = sources.Where(s => s.LastOutcome == "failed").ToList();
        var lastSync = sources.Max(s => s.LastSyncAt);
        components["sync"] = new ComponentStatusDto
        {
            Name = "sync",
            Healthy = failed.Count == 0,
            Status = failed.Count == 0 ? ComponentStates.Running : ComponentStates.Degraded,
            Metrics = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["remote_sources"] = sources.Count,
                ["failed_sources"] = failed.Select(s => s.SourceId).ToList(),
                ["total_apps"] = sources.Sum(s => s.AppCount),
                ["last_sync_time"] = lastSync is { } at ? Format(at) : null,
            },
            LastCheck = checkedAt,
            Message = failed.Count == 0 ? null : $"Last error: {failed[0].SourceId}: {failed[0].LastError}",
        };
        return components;
    }

    private static TaskStateDto ToDto(TaskRow task, DateTime now) => new()
    {
        TaskId = task.Id,
        Type = task.Type.ToWire(),
        Status = task.Status.ToWire(),
        AppName = task.AppName,
        UserId = task.UserId,
        OperationId = task.OperationId,
        Progress = task.Status switch
        {
            // The original's estimate: five minutes for an operation, never past 90 % until it is over.
            AppTaskStatus.Running => (int)Math.Min(90, Math.Floor((now - (task.StartedAt ?? task.CreatedAt)).TotalMinutes / 5 * 100)),
            AppTaskStatus.Completed => 100,
            AppTaskStatus.Pending or AppTaskStatus.Failed or AppTaskStatus.Canceled => 0,
        },
        CreatedAt = Format(task.CreatedAt),
        StartedAt = task.StartedAt is { } started ? Format(started) : null,
        CompletedAt = task.FinishedAt is { } finished ? Format(finished) : null,
        ErrorMessage = string.IsNullOrEmpty(task.Error) ? null : task.Error,
        Metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["source_id"] = task.SourceId,
            ["version"] = task.Version,
            ["attempts"] = task.Attempts.ToString(CultureInfo.InvariantCulture),
        },
    };

    /// <summary>RFC 3339 with fractions, in UTC (stored times come back unspecified from SQLite).</summary>
    private static string Format(DateTime time) =>
        DateTime.SpecifyKind(time, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private sealed record ActiveTask(OpType Type, string Version);

    private sealed record TaskRow(
        string Id, OpType Type, AppTaskStatus Status, string AppName, string UserId, string SourceId, string Version, string? OperationId,
        string? Error, int Attempts, DateTime CreatedAt, DateTime? StartedAt, DateTime? FinishedAt);
}
