using System.Security.Cryptography;
using System.Text.Json;
using Market.Domain.Common;

namespace Market.Domain.Updates;

/// <summary>One app of an "update all" batch: the upgrade task it started, or why none started.</summary>
public sealed record UpdateBatchItem(string AppName, string FromVersion, string ToVersion, string? TaskId, string? Error);

/// <summary>
/// An "update all": the upgrade tasks it started, one per app (each through the ordinary upgrade use
/// case, so each app's own rules apply). An app that could not start is recorded with its reason and
/// does not stop the others. A repeated <see cref="IdempotencyKey"/> answers with the first batch.
/// </summary>
public class UpdateBatch
{
    private const string IdAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    private static readonly JsonSerializerOptions ItemsJsonOptions = new(JsonSerializerDefaults.Web);

    private UpdateBatch()
    {
    }

    private UpdateBatch(string id, string userId, string? idempotencyKey, DateTime now)
    {
        Id = id;
        UserId = userId;
        IdempotencyKey = idempotencyKey;
        CreatedAt = now;
    }

    public string Id { get; private set; } = string.Empty;

    public string UserId { get; private set; } = string.Empty;

    public string? IdempotencyKey { get; private set; }

    public DateTime CreatedAt { get; private set; }

    /// <summary>The items as one JSON column: a batch is written once and read whole.</summary>
    public string ItemsJson { get; private set; } = "[]";

    public IReadOnlyList<UpdateBatchItem> Items => JsonSerializer.Deserialize<List<UpdateBatchItem>>(ItemsJson, ItemsJsonOptions) ?? [];

    public static UpdateBatch Open(string userId, string? idempotencyKey, DateTime now) =>
        new("b" + now.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture) + "-" + RandomNumberGenerator.GetString(IdAlphabet, 10),
            userId, string.IsNullOrEmpty(idempotencyKey) ? null : idempotencyKey, now);

    /// <summary>Records an app's upgrade task (<paramref name="taskId"/>) or why it did not start (<paramref name="error"/>).</summary>
    public void Add(string appName, string fromVersion, string toVersion, string? taskId, string? error)
    {
        var items = Items.ToList();
        if (items.Any(i => i.AppName == appName))
        {
            throw new DomainException($"app {appName} is already in batch {Id}", DomainErrorKind.Conflict);
        }

        items.Add(new UpdateBatchItem(appName, fromVersion, toVersion, taskId, error));
        ItemsJson = JsonSerializer.Serialize(items, ItemsJsonOptions);
    }
}
