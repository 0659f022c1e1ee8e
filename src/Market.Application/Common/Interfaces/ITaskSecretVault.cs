namespace Market.Application.Common.Interfaces;

/// <summary>
/// Env values marked secret never reach the database: they wait here, in the memory of the host that
/// created the task, until the runtime has them. A host that takes over a task without them fails it
/// with a clear reason rather than install an app with blank passwords.
/// </summary>
public interface ITaskSecretVault
{
    void Put(string taskId, IReadOnlyDictionary<string, string> values);

    IReadOnlyDictionary<string, string>? Get(string taskId);

    void Remove(string taskId);
}
