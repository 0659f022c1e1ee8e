namespace Market.Domain.Tasks;

/// <summary>
/// How a new task is held the moment an operation begins: by the host that created it (it keeps the
/// request's secret values ready) for <see cref="LeaseFor"/>, with the request as the runtime needs it.
/// </summary>
public sealed record TaskDraft(string Host, TimeSpan LeaseFor, string RequestJson, string? IdempotencyKey, DateTime CreatedAt)
{
    /// <summary>Cancel: the active install or clone being canceled (<see cref="AppTask.CheckActive"/> finds it).</summary>
    public AppTask? CancelTarget { get; init; }

    /// <summary>The W3C trace parent of the request that created the task: each attempt's activity is its child.</summary>
    public string? TraceParent { get; init; }
}
