using Market.Application.Common.Interfaces;
using Market.Application.Common.Runtime;
using Market.Domain.Apps;
using Market.Domain.Tasks;
using Market.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Infrastructure.Runtime.Simulated;

/// <summary>
/// app-service keeps an app's env values per user and app: an upgrade that sends no envs runs with
/// the ones the app already has, and only an env the new version newly requires can be missing.
/// The simulator needs only the names of the envs that hold a value (it runs nothing, so it never
/// needs a value, and secret values are never stored). They are read from the operations the runtime
/// accepted for that user's app (durable and shared by every replica): an install or clone starts
/// afresh, an upgrade adds its envs, a completed uninstall forgets them.
/// </summary>
internal sealed class SimulatedEnvMemory(IServiceScopeFactory scopes)
{
    /// <summary>The names of the envs <paramref name="operation"/>'s app already holds values for (empty unless it upgrades).</summary>
    public async Task<IReadOnlySet<string>> HeldForAsync(RuntimeOperation operation, CancellationToken cancellationToken)
    {
        var held = new HashSet<string>(StringComparer.Ordinal);
        if (operation.Type != OpType.Upgrade)
        {
            return held;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        var accepted = await db.AppTasks.AsNoTracking()
            .Where(t => t.UserId == operation.User && t.AppName == operation.AppName && t.OperationId != null && t.Id != operation.TaskId)
            .Where(t => t.Type == OpType.Install || t.Type == OpType.Clone || t.Type == OpType.Upgrade || t.Type == OpType.Uninstall)
            .OrderBy(t => t.CreatedAt)
            .Select(t => new { t.Type, t.Status, t.RequestJson })
            .ToListAsync(cancellationToken);
        foreach (var task in accepted)
        {
            if (task.Type == OpType.Uninstall)
            {
                if (task.Status == AppTaskStatus.Completed)
                {
                    held.Clear();
                }

                continue;
            }

            if (OpTypes.CreatesApp(task.Type))
            {
                held.Clear();
            }

            held.UnionWith(TaskRequest.Read(task.RequestJson).Envs.Where(HasValue).Select(e => e.EnvName));
        }

        return held;
    }

    /// <summary>
    /// The (non-secret) value of <paramref name="envName"/> the app of <paramref name="operation"/> holds now: the last one
    /// an accepted install, clone or upgrade of it sent since it was (re)installed; null when none did.
    /// </summary>
    public async Task<string?> ValueHeldAsync(RuntimeOperation operation, string envName, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        var accepted = await db.AppTasks.AsNoTracking()
            .Where(t => t.UserId == operation.User && t.AppName == operation.AppName && t.OperationId != null)
            .Where(t => t.Type == OpType.Install || t.Type == OpType.Clone || t.Type == OpType.Upgrade)
            .OrderBy(t => t.CreatedAt)
            .Select(t => new { t.Type, t.RequestJson })
            .ToListAsync(cancellationToken);
        string? value = null;
        foreach (var task in accepted)
        {
            var env = TaskRequest.Read(task.RequestJson).Envs.FirstOrDefault(e => e.EnvName == envName && !e.Secret);
            value = env?.Value ?? (OpTypes.CreatesApp(task.Type) ? null : value);
        }

        return value;
    }

    private static bool HasValue(StoredEnv env) => env.Secret || !string.IsNullOrEmpty(env.Value) || !string.IsNullOrEmpty(env.ValueFrom?.EnvName);
}
