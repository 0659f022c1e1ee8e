using Market.Domain.Apps;
using Market.Domain.Tasks;
using Microsoft.EntityFrameworkCore;

namespace Market.Testing.Seeds;

/// <summary>
/// Rows in a given state, written the way the task engine would have left them. The entities have no
/// public setters (every change is a domain transition), so seeds set the stored values through EF,
/// as loading a row does.
/// </summary>
public static class EntitySeeds
{
    /// <summary>A user's app in <paramref name="state"/> (added to <paramref name="db"/> unless it is tracked already).</summary>
    public static UserApp SeedUserApp(
        this DbContext db,
        string user,
        string source,
        string name,
        string state,
        string version = "",
        string? title = null,
        string? appId = null,
        OpType? opType = null,
        DateTime? stateTime = null,
        IReadOnlyList<AppEntrance>? entrances = null,
        string? rawAppName = null)
    {
        var app = db.Set<UserApp>().Local.FirstOrDefault(a => a.UserId == user && a.AppName == name);
        if (app is null)
        {
            app = UserApp.Create(user, name, rawAppName ?? name, stateTime ?? DateTime.UtcNow);
            db.Add(app);
        }

        var entry = db.Entry(app);
        entry.Property(a => a.SourceId).CurrentValue = source;
        entry.Property(a => a.AppId).CurrentValue = appId ?? AppIdentity.RuntimeAppId(name);
        entry.Property(a => a.Title).CurrentValue = title ?? name;
        entry.Property(a => a.State).CurrentValue = state;
        entry.Property(a => a.OpType).CurrentValue = opType;
        entry.Property(a => a.InstalledVersion).CurrentValue = version;
        entry.Property(a => a.StateTime).CurrentValue = stateTime ?? DateTime.UtcNow;
        entry.Property(a => a.UpdatedAt).CurrentValue = DateTime.UtcNow;
        if (entrances is not null)
        {
            entry.Property(a => a.Entrances).CurrentValue = entrances;
        }

        return app;
    }

    /// <summary>A task of <paramref name="type"/> for <paramref name="user"/>'s <paramref name="app"/>, in <paramref name="status"/> (not leased).</summary>
    public static AppTask SeedTask(this DbContext db, string id, string user, OpType type, string app, string source, AppTaskStatus status)
    {
        var now = DateTime.UtcNow;
        var task = (AppTask)Activator.CreateInstance(typeof(AppTask), nonPublic: true)!;
        Set(task, nameof(AppTask.Id), id);
        Set(task, nameof(AppTask.UserId), user);
        Set(task, nameof(AppTask.Type), type);
        Set(task, nameof(AppTask.AppName), app);
        Set(task, nameof(AppTask.RawAppName), app);
        Set(task, nameof(AppTask.SourceId), source);
        Set(task, nameof(AppTask.Status), status);
        Set(task, nameof(AppTask.CreatedAt), now);
        Set(task, nameof(AppTask.UpdatedAt), now);
        db.Add(task);
        return task;
    }

    /// <summary>Moves a stored task to <paramref name="status"/> (as if it ended elsewhere).</summary>
    public static void SetTaskStatus(this DbContext db, AppTask task, AppTaskStatus status) => db.Entry(task).Property(t => t.Status).CurrentValue = status;

    private static void Set(object entity, string property, object value) => entity.GetType().GetProperty(property)!.SetValue(entity, value);
}
