using System.Collections.Concurrent;
using Market.Application.Common.Interfaces;

namespace Market.Infrastructure.Tasks;

/// <summary>Secret env values of tasks not yet submitted, in this process's memory only (never stored, never logged).</summary>
internal sealed class InMemoryTaskSecretVault : ITaskSecretVault
{
    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> _values = new(StringComparer.Ordinal);

    public void Put(string taskId, IReadOnlyDictionary<string, string> values) => _values[taskId] = values;

    public IReadOnlyDictionary<string, string>? Get(string taskId) => _values.TryGetValue(taskId, out var values) ? values : null;

    public void Remove(string taskId) => _values.TryRemove(taskId, out _);
}
