using System.Text.Json;
using Market.Application.Common.Interfaces;
using Market.Domain.Tasks;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Tasks.Engine;

/// <summary>
/// Secret env values of tasks not yet at the runtime: sealed by <see cref="ISecretProtector"/> into
/// <c>task_secrets</c> in the transaction that creates the task, opened by whichever replica submits it,
/// and deleted in the transaction that records the runtime's acceptance or the task's end. Values never
/// appear in a task's request, a view, a log or the history.
/// </summary>
public sealed class TaskSecretVault(ISecretProtector protector)
{
    /// <summary>Adds the sealed values to <paramref name="db"/>: they are saved with the task, or not at all.</summary>
    public void Seal(IMarketDbContext db, string taskId, IReadOnlyDictionary<string, string> values, DateTime now) =>
        db.TaskSecrets.Add(TaskSecret.Seal(taskId, protector.Protect(JsonSerializer.Serialize(values)), now));

    /// <summary>The task's secret values, or null when there are none to open (written before sealing existed, or unreadable).</summary>
    public async Task<IReadOnlyDictionary<string, string>?> OpenAsync(IMarketDbContext db, string taskId, CancellationToken cancellationToken)
    {
        var sealedValues = await db.TaskSecrets.AsNoTracking().FirstOrDefaultAsync(s => s.TaskId == taskId, cancellationToken);
        var json = sealedValues is null ? null : protector.Unprotect(sealedValues.Ciphertext);
        return json is null ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(json);
    }

    /// <summary>Secret values sealed for keeping on a task (its install-time envs, an upgrade's rollback point); null for none.</summary>
    public string? SealForKeeping(IReadOnlyDictionary<string, string> values) =>
        values.Count == 0 ? null : protector.Protect(JsonSerializer.Serialize(values));

    /// <summary>Values sealed by <see cref="SealForKeeping"/>; empty when there are none or they cannot be opened (keys lost).</summary>
    public IReadOnlyDictionary<string, string> OpenKept(string? sealedValues)
    {
        var json = string.IsNullOrEmpty(sealedValues) ? null : protector.Unprotect(sealedValues);
        return json is null ? new Dictionary<string, string>() : JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];
    }

    /// <summary>Marks the task's sealed values for deletion in <paramref name="db"/> (saved with the step that settles the task).</summary>
    public static async Task DiscardAsync(IMarketDbContext db, string taskId, CancellationToken cancellationToken)
    {
        var sealedValues = await db.TaskSecrets.FirstOrDefaultAsync(s => s.TaskId == taskId, cancellationToken);
        if (sealedValues is not null)
        {
            db.TaskSecrets.Remove(sealedValues);
        }
    }
}
