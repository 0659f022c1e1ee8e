using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Market.Domain.Apps;
using Market.Domain.Common;
using Market.Domain.History;
using Market.Application.Tasks.Engine;
using Market.Domain.Tasks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Market.Application.Apps.Operations;

/// <summary>What an operation request asks for, once the handler has checked it.</summary>
public sealed record OperationPlan(string User, string Type, string AppName, string SourceId, TaskRequest Request)
{
    public string RawAppName { get; init; } = AppName;

    public string AppId { get; init; } = string.Empty;

    /// <summary>The version the operation installs (install, clone, upgrade) or removes (uninstall).</summary>
    public string Version { get; init; } = string.Empty;

    public IReadOnlyDictionary<string, string> Secrets { get; init; } = new Dictionary<string, string>();

    /// <summary>Sets title, icon, entrances … on the app row before it is saved.</summary>
    public Action<UserApp>? Prepare { get; init; }
}

/// <summary>
/// Starts an operation: in one transaction the app moves to its operation's first state, the task is
/// created and the start is written to the history. Then the state is published and the workers woken.
/// One active operation per user and app (cancel excepted); an Idempotency-Key returns the first task.
/// </summary>
public sealed class OperationStarter(
    IMarketDbContext db,
    AppStatePublisher publisher,
    ITaskQueue queue,
    ITaskSecretVault vault,
    TimeProvider clock,
    IOptions<TasksOptions> options)
{
    public static string BusyMessage(string appName) => $"Another operation on app {appName} is already in progress";

    /// <summary>The first task created with this key by this user, if any.</summary>
    public Task<AppTask?> FindByIdempotencyKeyAsync(string user, string? key, CancellationToken cancellationToken) =>
        FindByIdempotencyKeyAsync(db, user, key, cancellationToken);

    internal static Task<AppTask?> FindByIdempotencyKeyAsync(IMarketDbContext db, string user, string? key, CancellationToken cancellationToken) =>
        string.IsNullOrEmpty(key)
            ? Task.FromResult<AppTask?>(null)
            : db.AppTasks.AsNoTracking().FirstOrDefaultAsync(t => t.UserId == user && t.IdempotencyKey == key, cancellationToken);

    public async Task<AppTask> StartAsync(OperationPlan plan, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var active = await db.AppTasks
            .Where(t => t.UserId == plan.User && t.AppName == plan.AppName && (t.Status == TaskStatuses.Pending || t.Status == TaskStatuses.Running))
            .ToListAsync(cancellationToken);
        if (plan.Type == OpTypes.Cancel)
        {
            if (active.Any(t => t.Type == OpTypes.Cancel))
            {
                throw new ConflictException(BusyMessage(plan.AppName));
            }

            var target = active.FirstOrDefault(t => OpTypes.CreatesApp(t.Type))
                ?? throw new ConflictException($"No installation of app {plan.AppName} is in progress");
            plan.Request.TargetTaskId = target.Id;
        }
        else if (active.Count > 0)
        {
            throw new ConflictException(BusyMessage(plan.AppName));
        }

        var app = await db.UserApps.FirstOrDefaultAsync(a => a.UserId == plan.User && a.AppName == plan.AppName, cancellationToken);
        if (app is null)
        {
            if (!OpTypes.CreatesApp(plan.Type))
            {
                throw new ConflictException(plan.Type == OpTypes.Cancel
                    ? $"No installation of app {plan.AppName} is in progress"
                    : $"App {plan.AppName} is not installed");
            }

            app = UserApp.Create(plan.User, plan.SourceId, plan.AppName, plan.RawAppName, plan.AppId, now);
            db.UserApps.Add(app);
        }

        plan.Request.PriorState = app.State;
        try
        {
            Begin(app, plan.Type, now);
        }
        catch (ConflictException) when (plan.Type != OpTypes.Cancel)
        {
            // Another request started an operation between our two reads: say so, not "cannot X while pending".
            if (await db.AppTasks.AnyAsync(t => t.UserId == plan.User && t.AppName == plan.AppName
                && (t.Status == TaskStatuses.Pending || t.Status == TaskStatuses.Running), cancellationToken))
            {
                throw new ConflictException(BusyMessage(plan.AppName));
            }

            throw;
        }

        plan.Prepare?.Invoke(app);

        var task = AppTask.Create(plan.User, plan.Type, plan.AppName, plan.SourceId, queue.HostId, TimeSpan.FromSeconds(options.Value.LeaseSeconds), now);
        task.RawAppName = plan.RawAppName;
        task.Version = plan.Version;
        task.IdempotencyKey = string.IsNullOrEmpty(idempotencyKey) ? null : idempotencyKey;
        task.RequestJson = plan.Request.Write();
        db.AppTasks.Add(task);
        if (TaskHistory.Started(task, now) is { } started)
        {
            db.HistoryRecords.Add(started);
        }

        if (plan.Secrets.Count > 0)
        {
            // Before the commit: this host's worker may claim the task the moment it exists.
            vault.Put(task.Id, plan.Secrets);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            vault.Remove(task.Id);
            var first = await FindByIdempotencyKeyAsync(plan.User, idempotencyKey, cancellationToken);
            return first ?? throw new ConflictException(BusyMessage(plan.AppName)); // lost a race for the same app
        }

        await publisher.PublishAsync(app, cancellationToken);
        queue.NotifyCreated();
        return task;
    }

    private static void Begin(UserApp app, string type, DateTime now)
    {
        try
        {
            app.BeginOperation(type, now);
        }
        catch (DomainException ex) when (ex.Kind == DomainErrorKind.Conflict)
        {
            throw new ConflictException(ex.Message);
        }
    }
}
